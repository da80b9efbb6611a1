-- E-invoicing (EN 16931): the electronic addresses (Peppol participant ids, "scheme:id") of the seller
-- and of each buyer, the seller's telephone (XRechnung asks for a contact), and per account the buyer
-- reference (BT-10, e.g. a Leitweg-ID), the purchase-order reference (BT-13) and the preferred format.
-- Per invoice, the references and addresses travel in the document's seller/buyer snapshot.
alter table organizations
  add column electronic_address text,
  add column phone text;

alter table accounts
  add column electronic_address text,
  add column buyer_reference text,
  add column purchase_order_reference text,
  add column einvoice_format text
    check (einvoice_format in ('peppol-bis', 'xrechnung-ubl', 'xrechnung-cii', 'zugferd'));
