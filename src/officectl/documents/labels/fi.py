"""Finnish labels (the terms of AVL 209 b § and Verohallinto's invoicing guidance)."""

LABELS: dict[str, str] = {
    # document titles
    "invoice_title": "Lasku",
    "tax_document": "",
    "credit_note_title": "Hyvityslasku",
    "draft_title": "Laskuluonnos (proforma)",
    "draft_stamp": "LUONNOS",
    "draft_notice": (
        "Ei ole verolasku. Laskunumero annetaan, kun lasku laaditaan. Ei "
        "maksettavaksi: maksutiedot ovat laaditussa laskussa."
    ),
    "draft_reference": "Luonnoksen tunnus",
    "cancelled_stamp": "MITÄTÖITY",
    "paid_stamp": "MAKSETTU",
    "contract_title": "Sopimus",
    # parties
    "supplier": "Myyjä",
    "customer": "Ostaja",
    "company_id": "Rekisterinumero",
    "vat_id": "ALV-tunniste",
    "email": "Sähköposti",
    "phone": "Puhelin",
    "website": "Verkkosivut",
    "registration": "Kaupparekisteri",
    # dates and references
    "number": "Laskun numero",
    "credit_note_number": "Hyvityslaskun numero",
    "issue_date": "Laskun päiväys",
    "supply_date": "Toimituspäivä",
    "correction_date": "Hyvityspäivä",
    "due_date": "Eräpäivä",
    "billing_period": "Laskutuskausi",
    "contract": "Sopimus",
    "deal": "Tilaus",
    "currency": "Valuutta",
    # lines
    "description": "Kuvaus",
    "quantity": "Määrä",
    "unit": "Yks.",
    "unit_price": "À-hinta (veroton)",
    "vat_rate": "ALV %",
    "net": "Veroton",
    "vat": "ALV",
    "gross": "Verollinen",
    # totals
    "vat_summary": "Arvonlisävero-erittely",
    "tax_base": "Veroton summa",
    "total_net": "Veroton yhteensä",
    "total_vat": "ALV yhteensä",
    "total": "Yhteensä",
    "paid": "Maksettu",
    "credited": "Hyvitetty",
    "amount_due": "Maksettavaa",
    "amount_to_refund": "Hyvityksen määrä",
    "refunded": "Palautettu asiakkaalle",
    "refund_due": "Palautetaan asiakkaalle",
    "paid_in_full": "Maksettu kokonaan. Kiitos!",
    "nothing_due": "Ei maksettavaa.",
    # foreign currency
    "in_base_currency": "Arvonlisävero-erittely valuutassa",
    "exchange_rate": "Vaihtokurssi",
    # reverse charge
    "reverse_charge": "Käännetty verovelvollisuus",
    "reverse_charge_text": (
        "Ostaja suorittaa arvonlisäveron (direktiivin 2006/112/EY 196 artikla). Reverse charge."
    ),
    "no_vat_charged": "ei arvonlisäveroa",
    # a 0 % line's legal basis (vat_exemption; the law: documents/exemptions.py)
    "vat_exempt": "Verosta vapautettu",
    "vat_exempt_G": "Veroton vienti EU:n ulkopuolelle",
    "vat_exempt_IC": "Veroton yhteisömyynti",
    "vat_exempt_O": "Ei arvonlisäveron alainen",
    "vat_exempt_AE": "Käännetty verovelvollisuus",
    "vat_exempt_D": "Käytetyn kulkuneuvon yhteisöhankinta",
    "vat_exempt_F": "Voittomarginaalijärjestelmä – käytetyt tavarat",
    "vat_exempt_I": "Voittomarginaalijärjestelmä – taide-esineet",
    "vat_exempt_J": "Voittomarginaalijärjestelmä – keräily- ja antiikkiesineet",
    # credit notes
    "corrects_invoice": "Hyvitettävä lasku",
    "corrected_issue_date": "päivätty",
    "correction_reason": "Hyvityksen syy",
    "differences": "Muutokset",
    "original": "Alkuperäinen",
    "change": "Muutos",
    "after_correction": "Korjattu",
    "credit_note_settles": "Tämä hyvityslasku pienentää maksettavaa laskulla",
    "credit_notes": "Hyvityslaskut",
    # payment
    "payment": "Maksutiedot",
    "bank_transfer": "Tilisiirto",
    "iban": "IBAN",
    "bic": "BIC",
    "variable_symbol": "Variabilní symbol (VS)",
    "reference": "Viite",
    "finnish_reference": "Viitenumero",
    "rf_reference": "RF-viite",
    "virtual_barcode": "Virtuaaliviivakoodi",
    "qr_spayd": "QR Platba",
    "qr_epc": "Maksa QR-koodilla (SEPA)",
    "notes": "Lisätiedot",
    "page": "Sivu",
    "page_of": "/",
    # contracts
    "contract_number": "Sopimusnumero",
    "parties": "Sopijapuolet",
    "and": "ja",
    "terms": "Voimassaolo",
    "start_date": "Alkaa",
    "end_date": "Päättyy",
    "indefinite": "toistaiseksi voimassa",
    "auto_renew": "Jatkuu automaattisesti",
    "yes": "kyllä",
    "no": "ei",
    "notice_period": "Irtisanomisaika",
    "days": "päivää",
    "status": "Tila",
    "status_draft": "luonnos",
    "status_active": "voimassa",
    "status_terminated": "irtisanottu",
    "status_expired": "päättynyt",
    "billing": "Laskutus",
    "fee": "Hinta (veroton)",
    "frequency": "Laskutetaan",
    "frequency_monthly": "kuukausittain",
    "frequency_quarterly": "neljännesvuosittain",
    "frequency_yearly": "vuosittain",
    "frequency_once": "kerran",
    "payment_terms": "Maksuehto",
    "signatures": "Allekirjoitukset",
    "for_supplier": "Toimittajan puolesta",
    "for_customer": "Asiakkaan puolesta",
    "signed_on": "Allekirjoitettu",
    "date_and_signature": "Päiväys ja allekirjoitus",
    # reminders and statements of account (remind, report statement)
    "reminder_title_1": "Maksumuistutus",
    "reminder_title_2": "Toinen maksumuistutus",
    "reminder_title_3": "Maksuvaatimus",
    "reminder_intro": "Kirjanpitomme mukaan seuraavat laskut ovat erääntyneet ja maksamatta.",
    "reminder_closing": (
        "Pyydämme maksamaan erääntyneen summan. Jos olette jo maksaneet, tämä muistutus "
        "on aiheeton."
    ),
    "reminder_final": "Ellei saatavaa makseta 7 päivän kuluessa, siirrämme sen perintään.",
    "reminder_date": "Päiväys",
    "reminder_level": "Taso",
    "days_overdue": "Päiviä erääntymisestä",
    "overdue_since": "Viivästys alkaen",
    "open_balance": "Avoin määrä",
    "late_interest": "Viivästyskorko",
    "interest_rate": "Korko p.a.",
    "recovery_cost": "Vakiokorvaus perintäkuluista",
    "reminder_fee": "Muistutusmaksu",
    "amount_now_due": "Maksettava yhteensä",
    "interest_basis_CZ": (
        "Viivästyskorko Tšekin hallituksen asetuksen 351/2013 mukaan: Tšekin keskuspankin"
        " repokorko viivästyksen alkamisvuosipuoliskon ensimmäisenä päivänä + 8 "
        "prosenttiyksikköä, jokaiselta viivästyspäivältä (1/365 vuosikorosta)."
    ),
    "interest_basis_FI": (
        "Viivästyskorko korkolain 4 §:n ja 4 a §:n mukaan: kunkin puolivuotiskauden "
        "viitekorko + 7 (kuluttajat) tai + 8 (elinkeinonharjoittajat) prosenttiyksikköä, "
        "jokaiselta viivästyspäivältä (1/365 vuosikorosta)."
    ),
    "interest_basis_EU": (
        "Viivästyskorko maksuviivästysdirektiivin 2011/7/EU mukaan: kunkin "
        "puolivuotiskauden viitekorko (EKP:n perusrahoitusoperaatioiden korko, euroalueen "
        "ulkopuolella kansallisen keskuspankin korko) + 8 prosenttiyksikköä, jokaiselta "
        "viivästyspäivältä (1/365 vuosikorosta)."
    ),
    "pay_by_qr": "Laskun avoimen määrän voi maksaa QR-koodilla",
    "statement_title": "Asiakkaan tiliote",
    "statement_period": "Ajanjakso",
    "opening_balance": "Alkusaldo",
    "closing_balance": "Loppusaldo",
    "entry_date": "Päivä",
    "entry_kind": "Tapahtuma",
    "entry_document": "Tosite",
    "debit": "Veloitus",
    "credit": "Hyvitys",
    "running_balance": "Saldo",
    "entry_invoice": "Lasku",
    "entry_credit_note": "Hyvityslasku",
    "entry_payment": "Maksu",
    "entry_refund": "Palautus",
}
