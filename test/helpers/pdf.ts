/**
 * A minimal one-page PDF whose text is drawn with a composite (Type0, Identity-H) font and mapped
 * back to Unicode by a ToUnicode CMap, the way PDF writers emit Korean, Japanese or Chinese text.
 * No glyphs are embedded (nothing is rendered here): extraction only needs the CMap.
 */
export function textPdf(lines: readonly string[]): Buffer {
  const chars = [...new Set(lines.flatMap((line) => [...line]))];
  const code = (char: string) => (chars.indexOf(char) + 1).toString(16).padStart(4, '0');
  const utf16 = (char: string) => Buffer.from(char, 'utf16le').swap16().toString('hex');

  const show = lines.map((line, i) => `${i === 0 ? '' : '0 -18 Td '}<${[...line].map(code).join('')}> Tj`);
  const content = ['BT', '/F1 12 Tf', '50 800 Td', ...show, 'ET'].join('\n');
  const mappings: string[] = [];
  for (let i = 0; i < chars.length; i += 100) {
    const block = chars.slice(i, i + 100);
    mappings.push(`${block.length} beginbfchar\n${block.map((c) => `<${code(c)}> <${utf16(c)}>`).join('\n')}\nendbfchar`);
  }
  const toUnicode = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...mappings,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const stream = (body: string) => `<< /Length ${Buffer.byteLength(body)} >>\nstream\n${body}\nendstream`;
  const font = 'AAAAAA+NotoSansKR-Regular';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    `<< /Type /Font /Subtype /Type0 /BaseFont /${font} /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>`,
    stream(content),
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${font} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /CIDToGIDMap /Identity /DW 1000 >>`,
    stream(toUnicode),
    `<< /Type /FontDescriptor /FontName /${font} /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>`,
  ];

  let pdf = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every byte above is ASCII (non-ASCII text lives in hex strings), so latin1 is exact.
  return Buffer.from(pdf, 'latin1');
}
