"""Analytics: SQL over the records (``officectl query``), Parquet, reports, a dashboard.

The *views* (:mod:`.views`) turn a loaded repository into Arrow tables, one per kind
(generated from each kind's declared fields, built-in and defined alike) plus
``invoice_lines``, ``payments``, ``credit_notes``, ``contract_periods`` and the
``officectl_schema`` catalogue. Money goes from ``Decimal`` to Arrow ``decimal128``
and DuckDB ``DECIMAL`` without ever being a float; derived figures (net, total,
paid, balance …) come from :mod:`officectl.model.invoice`, as in every other view.
:mod:`.engine` runs SQL over them in a DuckDB that cannot reach any file; the reports
(:mod:`.reports`) are SQL over the same views, so ``query`` and ``report`` agree.
"""
