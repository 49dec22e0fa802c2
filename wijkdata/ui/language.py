"""Dutch on every screen, also where Streamlit writes its own words.

The page says it is Dutch (WCAG 3.1.1): screen readers then read it with a Dutch voice and the
browser offers no translation. Streamlit tags its page "en"; this sets "nl" and keeps it there.
The few words Streamlit writes itself in English (the file uploader's button and limit line) are
replaced by Dutch ones as they appear. The limit shown is the app's own (WIJKDATA_MAX_UPLOAD_MB),
not the browser-side limit above it, which only exists so that the app can say no in Dutch.
"""

import json

import streamlit as st

from wijkdata.config import load_settings

DUTCH_JS = """
<script>
const doc = window.parent.document, root = doc.documentElement;
const limitMb = %(limit)s;
const dutch = () => {
  if (root.lang !== "nl") root.lang = "nl";
  doc.querySelectorAll("[data-testid=stFileUploaderDropzone] button p").forEach((p) => {
    if (p.textContent === "Upload" || p.textContent === "Browse files") p.textContent = "Bestand kiezen";
  });
  doc.querySelectorAll("[data-testid=stFileUploaderDropzoneInstructions] span").forEach((span) => {
    const m = span.textContent.match(/^\\d+\\s?[KMG]B per file(?: • (.*))?$/);
    if (m) span.textContent = `Hoogstens ${limitMb} MB per bestand` + (m[1] ? ` · ${m[1]}` : "");
  });
};
dutch();
// one observer per page, replaced each time this frame loads: the page's content and its lang tag
if (root.__wijkdataDutch) root.__wijkdataDutch.disconnect();
root.__wijkdataDutch = new MutationObserver(dutch);
root.__wijkdataDutch.observe(doc.body, {childList: true, subtree: true, characterData: true});
root.__wijkdataDutch.observe(root, {attributes: true, attributeFilter: ["lang"]});
</script>
"""


def tag_dutch() -> None:
    script = DUTCH_JS % {"limit": json.dumps(load_settings().max_upload_mb)}
    with st.sidebar:  # a frame of zero height at the sidebar's foot: nothing to see, nothing fetched
        st.iframe(script, height=1)
