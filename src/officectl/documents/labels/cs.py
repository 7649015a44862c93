"""Czech labels (terms of § 29 and § 45 of Act 235/2004 Coll. on VAT)."""

LABELS: dict[str, str] = {
    # document titles
    "invoice_title": "Faktura",
    "tax_document": "Daňový doklad",
    "credit_note_title": "Opravný daňový doklad",
    "draft_title": "Návrh faktury (proforma)",
    "draft_stamp": "NÁVRH",
    "draft_notice": (
        "Nejedná se o daňový doklad. Číslo bude přiděleno při vystavení. Neslouží "
        "k platbě: platební údaje uvede vystavená faktura."
    ),
    "draft_reference": "Označení návrhu",
    "cancelled_stamp": "STORNO",
    "paid_stamp": "UHRAZENO",
    "contract_title": "Smlouva",
    # parties
    "supplier": "Dodavatel",
    "customer": "Odběratel",
    "company_id": "Registrační číslo",
    "vat_id": "DIČ",
    "email": "E-mail",
    "phone": "Telefon",
    "website": "Web",
    "registration": "Zápis v obchodním rejstříku",
    # dates and references
    "number": "Číslo faktury",
    "credit_note_number": "Číslo dokladu",
    "issue_date": "Datum vystavení",
    "supply_date": "Datum zdanitelného plnění",
    "correction_date": "Datum uskutečnění opravy",
    "due_date": "Datum splatnosti",
    "billing_period": "Zúčtovací období",
    "contract": "Smlouva",
    "deal": "Objednávka",
    "currency": "Měna",
    # lines
    "description": "Popis plnění",
    "quantity": "Množství",
    "unit": "Jedn.",
    "unit_price": "Cena za jedn. bez DPH",
    "vat_rate": "Sazba DPH",
    "net": "Základ",
    "vat": "DPH",
    "gross": "Celkem s DPH",
    # totals
    "vat_summary": "Rekapitulace DPH",
    "tax_base": "Základ daně",
    "total_net": "Celkem bez DPH",
    "total_vat": "DPH celkem",
    "total": "Celkem",
    "paid": "Uhrazeno",
    "credited": "Dobropisováno",
    "amount_due": "Zbývá uhradit",
    "amount_to_refund": "Částka opravy",
    "refunded": "Vráceno zákazníkovi",
    "refund_due": "K vrácení zákazníkovi",
    "paid_in_full": "Uhrazeno v plné výši. Děkujeme.",
    "nothing_due": "Není co hradit.",
    # foreign currency
    "in_base_currency": "Rekapitulace DPH v",
    "exchange_rate": "Kurz",
    # reverse charge
    "reverse_charge": "Přenesení daňové povinnosti",
    "reverse_charge_text": ("Daň odvede zákazník (reverse charge, čl. 196 směrnice 2006/112/ES)."),
    "no_vat_charged": "bez DPH",
    # a 0 % line's legal basis (vat_exemption; the law: documents/exemptions.py)
    "vat_exempt": "Osvobozeno od daně",
    "vat_exempt_G": "Osvobozeno od daně – vývoz zboží mimo EU",
    "vat_exempt_IC": "Osvobozeno od daně – dodání zboží do jiného členského státu",
    "vat_exempt_O": "Plnění nepodléhá DPH",
    "vat_exempt_AE": "Daň odvede zákazník",
    "vat_exempt_D": "Pořízení použitého dopravního prostředku z jiného členského státu",
    "vat_exempt_F": "Zvláštní režim – použité zboží",
    "vat_exempt_I": "Zvláštní režim – umělecká díla",
    "vat_exempt_J": "Zvláštní režim – sběratelské předměty a starožitnosti",
    # credit notes
    "corrects_invoice": "Opravovaný doklad",
    "corrected_issue_date": "ze dne",
    "correction_reason": "Důvod opravy",
    "differences": "Rozdíly",
    "original": "Původně",
    "change": "Oprava",
    "after_correction": "Po opravě",
    "credit_note_settles": "Tento doklad snižuje částku k úhradě faktury",
    "credit_notes": "Opravné doklady",
    # payment
    "payment": "Platební údaje",
    "bank_transfer": "Převodem na účet",
    "iban": "IBAN",
    "bic": "BIC/SWIFT",
    "variable_symbol": "Variabilní symbol",
    "reference": "Reference",
    "finnish_reference": "Referenční číslo",
    "rf_reference": "Reference RF",
    "virtual_barcode": "Virtuální čárový kód",
    "qr_spayd": "QR Platba",
    "qr_epc": "QR platba SEPA",
    "notes": "Poznámka",
    "page": "Strana",
    "page_of": "z",
    # contracts
    "contract_number": "Číslo smlouvy",
    "parties": "Smluvní strany",
    "and": "a",
    "terms": "Doba trvání",
    "start_date": "Účinnost od",
    "end_date": "Účinnost do",
    "indefinite": "na dobu neurčitou",
    "auto_renew": "Automatické prodloužení",
    "yes": "ano",
    "no": "ne",
    "notice_period": "Výpovědní lhůta",
    "days": "dní",
    "status": "Stav",
    "status_draft": "návrh",
    "status_active": "platná",
    "status_terminated": "vypovězená",
    "status_expired": "ukončená",
    "billing": "Fakturace",
    "fee": "Cena bez DPH",
    "frequency": "Fakturováno",
    "frequency_monthly": "měsíčně",
    "frequency_quarterly": "čtvrtletně",
    "frequency_yearly": "ročně",
    "frequency_once": "jednorázově",
    "payment_terms": "Splatnost faktur",
    "signatures": "Podpisy",
    "for_supplier": "Za dodavatele",
    "for_customer": "Za objednatele",
    "signed_on": "Podepsáno dne",
    "date_and_signature": "Datum a podpis",
    # reminders and statements of account (remind, report statement)
    "reminder_title_1": "Upomínka",
    "reminder_title_2": "Druhá upomínka",
    "reminder_title_3": "Předžalobní výzva",
    "reminder_intro": (
        "Dovolujeme si Vás upozornit, že k dnešnímu dni evidujeme tyto neuhrazené faktury"
        " po splatnosti."
    ),
    "reminder_closing": (
        "Prosíme o úhradu dlužné částky. Pokud jste již zaplatili, považujte tuto "
        "upomínku za bezpředmětnou."
    ),
    "reminder_final": (
        "Nebude-li dluh uhrazen do 7 dnů od doručení této výzvy, budeme nuceni vymáhat "
        "jej soudní cestou (§ 142a o. s. ř.)."
    ),
    "reminder_date": "Datum",
    "reminder_level": "Stupeň",
    "days_overdue": "Dní po splatnosti",
    "overdue_since": "V prodlení od",
    "open_balance": "Dlužná částka",
    "late_interest": "Úrok z prodlení",
    "interest_rate": "Sazba p. a.",
    "recovery_cost": "Náklady spojené s uplatněním pohledávky",
    "reminder_fee": "Poplatek za upomínku",
    "amount_now_due": "Celkem k úhradě",
    "interest_basis_CZ": (
        "Úrok z prodlení podle nařízení vlády č. 351/2013 Sb.: repo sazba ČNB platná "
        "první den kalendářního pololetí, v němž nastalo prodlení, zvýšená o 8 "
        "procentních bodů, počítáno za každý den prodlení (1/365 roční sazby)."
    ),
    "interest_basis_FI": (
        "Úrok z prodlení podle finského zákona o úrocích (korkolaki) § 4 a 4 a: "
        "referenční sazba pololetí zvýšená o 7 (spotřebitelé) nebo 8 (podnikatelé) "
        "procentních bodů, za každý den prodlení (1/365 roční sazby)."
    ),
    "interest_basis_EU": (
        "Úrok z prodlení podle směrnice 2011/7/EU o postupu proti opožděným platbám v "
        "obchodních transakcích: referenční sazba pololetí (hlavní refinanční sazba ECB, "
        "mimo eurozónu sazba národní centrální banky) zvýšená o 8 procentních bodů, za "
        "každý den prodlení (1/365 roční sazby)."
    ),
    "pay_by_qr": "Dlužnou částku faktury lze uhradit QR kódem",
    "statement_title": "Výpis z účtu zákazníka",
    "statement_period": "Období",
    "opening_balance": "Počáteční zůstatek",
    "closing_balance": "Konečný zůstatek",
    "entry_date": "Datum",
    "entry_kind": "Položka",
    "entry_document": "Doklad",
    "debit": "Má dáti",
    "credit": "Dal",
    "running_balance": "Zůstatek",
    "entry_invoice": "Faktura",
    "entry_credit_note": "Dobropis",
    "entry_payment": "Platba",
    "entry_refund": "Vrácení platby",
}
