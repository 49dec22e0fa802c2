"""Statistical methods of public benchmark tools: pooling, intervals, comparison, funnel, trend, SPC.

One module per method; every function is plain numpy/pandas/scipy and returns a tidy DataFrame
(or a small dataclass of DataFrames), so pages and charts only draw what comes out.
"""
