"""Exports for accountants: the finance workbook (or its CSV files) and the journal.

Vocabulary:

*table*
    one sheet's content as typed values (:mod:`officectl.exports.table`): text,
    ``Decimal``, :class:`~officectl.exports.table.Money`, ``date``, ``int``, ``bool``.
    Sheets are built as tables by one function each (:mod:`officectl.exports.sheets`,
    whose ``SHEETS`` registry fixes their order and names), and written by a writer
    that knows nothing about invoices (:mod:`~officectl.exports.xlsx`,
    :mod:`~officectl.exports.csv_files`).
*the books*
    the non-draft invoices and credit notes whose taxable supply date falls in the
    period (:mod:`officectl.exports.books`): what both the workbook and the journal
    (:mod:`officectl.exports.journal`) report.
*provenance*
    the repository state (commit, dirty work tree) a figure can be traced back to.
"""
