"""E-invoices: Peppol BIS Billing 3.0 (UBL 2.1) and ISDOC 6.0.2, written from the
same figures as the PDF (:mod:`.facts`), and read back (:mod:`.reader`)."""
