"""Money in: bank statements read into :class:`~officectl.banking.statement.Entry`
values (camt.053, Fio CSV, GPC/ABO), matched to open invoices by the payment
reference the invoice printed (:mod:`~officectl.banking.matching`)."""
