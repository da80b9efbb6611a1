import { writeCii } from '../domain/einvoice/cii.ts';
import type { EInvoice } from '../domain/einvoice/model.ts';
import { type InvoiceDocument, type PdfOptions, renderInvoicePdf } from '../invoices/invoice-pdf.ts';

/** The embedded file's name that ZUGFeRD 2.1+ and Factur-X readers look for. */
export const FACTUR_X_FILE_NAME = 'factur-x.xml';
const FX = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

const FX_PROPERTIES: [string, string][] = [
  ['DocumentFileName', 'The name of the embedded XML document'],
  ['DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'],
  ['Version', 'The actual version of the standard applying to the embedded XML document'],
  ['ConformanceLevel', 'The conformance level of the embedded XML document'],
];

/**
 * The XMP that names the embedded invoice (Factur-X 1.0 / ZUGFeRD 2.x, profile EN 16931), with the
 * PDF/A extension schema that declares the fx namespace, as PDF/A requires for a custom one.
 */
export const FACTUR_X_XMP = `
<rdf:Description rdf:about="" xmlns:fx="${FX}">
  <fx:DocumentType>INVOICE</fx:DocumentType>
  <fx:DocumentFileName>${FACTUR_X_FILE_NAME}</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>${FX}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>${FX_PROPERTIES.map(
            ([name, description]) => `
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>${name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>${description}</pdfaProperty:description>
            </rdf:li>`,
          ).join('')}
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>`;

/** The CII of a ZUGFeRD / Factur-X invoice, profile EN 16931. */
export function zugferdXml(doc: EInvoice): string {
  return writeCii(doc, 'en16931');
}

/**
 * The invoice's PDF as ZUGFeRD / Factur-X: the same page drawn from the same document, as PDF/A-3b,
 * with the CII XML embedded as factur-x.xml (relationship Alternative: the XML is the same invoice in
 * another form, as the German rules for ZUGFeRD ask) and named in the XMP metadata.
 */
export function zugferdPdf(doc: EInvoice, document: InvoiceDocument): Promise<Buffer> {
  const xml = Buffer.from(zugferdXml(doc), 'utf8');
  const date = new Date(`${document.issueDate}T00:00:00Z`);
  const pdfA3: PdfOptions['pdfA3'] = {
    attach: (pdf) => {
      // pdfkit writes AFRelationship from `relationship` (its types do not list it yet).
      const options = {
        name: FACTUR_X_FILE_NAME,
        type: 'text/xml',
        relationship: 'Alternative',
        description: 'Factur-X / ZUGFeRD invoice, EN 16931',
        creationDate: date,
        modifiedDate: date,
      };
      pdf.file(xml, options);
      pdf.appendXML(FACTUR_X_XMP);
    },
  };
  return renderInvoicePdf(document, { pdfA3 });
}
