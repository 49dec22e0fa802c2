from wijkdata.catalog import KINDS, POLARITIES, UNITS, VS

REQUIRED = ["aanmeldingen", "trajecten_lopend", "trajecten_gestart", "trajecten_afgesloten", "uitval", "doelen_bereikt",
            "zonder_hulp_verder", "geen_nieuwe_start", "problemen_verminderd", "tevredenheid", "hulp_op_tijd",
            "hulp_passend", "hulp_helpend", "hulp_kwaliteit", "zelfredzamer", "doorlooptijd", "wachttijd",
            "eigen_uitvoering", "verwijzingen_specialistisch", "crisistrajecten", "bereik_migratie", "bereik_lage_ses",
            "caseload_fte"]


def test_catalogue_is_complete(catalog):
    assert len(catalog) >= 20
    for code in REQUIRED:
        ind = catalog[code]
        assert ind.naam and ind.uitleg.endswith(".")
        assert ind.eenheid in UNITS and ind.kind in KINDS and ind.polariteit in POLARITIES and ind.v in VS


def test_reference_values_with_source(catalog):
    refs = {c: [r.waarde for r in catalog[c].referenties] for c in catalog.codes}
    assert refs["tevredenheid"] == [7.7]
    assert refs["hulp_op_tijd"] == [72.0] and refs["hulp_passend"] == [81.0] and refs["hulp_helpend"] == [76.0]
    assert refs["hulp_kwaliteit"] == [80.0] and refs["zelfredzamer"] == [67.0]
    assert refs["doorlooptijd"] == [337.0, 389.0] and refs["eigen_uitvoering"] == [5.0]
    assert all(r.bron for c in catalog.codes for r in catalog[c].referenties)


def test_lookup_by_name_and_synonym(catalog):
    assert catalog.lookup("Drop-out") == "uitval"
    assert catalog.lookup("Tevredenheid (rapportcijfer)") == "tevredenheid"
    assert catalog.lookup(" UITVAL ") == "uitval"
