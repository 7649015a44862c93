"""Dunning: overdue invoices, statutory late-payment interest and recovery costs, and
the reminders (upomínka / maksumuistutus) that ask for them."""
