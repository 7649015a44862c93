"""Documents: invoices, credit notes and contracts rendered from Jinja templates.

Vocabulary:

- *template*: a Jinja file looked up by name, first in the repository's
  ``templates/`` folder, then among the built-ins shipped in ``officectl/templates``
  (:mod:`.catalog`). Templates are *code under review*: they run sandboxed, and
  record text is always *data* handed to them, never template source.
- *context*: the plain values a template sees (:mod:`.template_context`, :mod:`.invoice`,
  :mod:`.contract`): the record, the records it links to, the company, derived
  totals, payment details and the label catalogue ``t`` of the document language.
- *labels*: the fixed words of a document in Czech, Finnish and English
  (:mod:`.labels`), so templates hold layout, not language.
- *payment codes*: what a banking app scans or a payer types (:mod:`.payment_codes`,
  :mod:`.references`): SPAYD (Czech QR Platba), EPC QR (SEPA), the Finnish reference
  number, its RF form and the 54-digit virtual bank barcode.
- *rendering* (:mod:`.render`): template + context → HTML or Markdown text, and HTML
  → PDF (:mod:`.pdf`), the same bytes for the same input.
"""
