// `npm run validate`: checks manifest.xml against Microsoft's add-in manifest schemas kept offline in
// ../shared/office-manifest-xsd (office-addin-manifest validate needs the internet, which the county
// bureau's machines and our build machines do not have). test/manifest.test.ts uses the same check.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const XSD_DIR = path.resolve(__dirname, '../../shared/office-manifest-xsd');
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';

export interface ManifestCheck {
  valid: boolean;
  errors: string[];
}

export async function validateManifest(xml: string, xsdDir = XSD_DIR): Promise<ManifestCheck> {
  const schemas = readdirSync(xsdDir).filter((f) => f.endsWith('.xsd'));
  const result = await validateXML({
    xml: { fileName: 'manifest.xml', contents: xml },
    schema: { fileName: ROOT_SCHEMA, contents: readFileSync(path.join(xsdDir, ROOT_SCHEMA), 'utf8') },
    preload: schemas.filter((f) => f !== ROOT_SCHEMA).map((f) => ({ fileName: f, contents: readFileSync(path.join(xsdDir, f), 'utf8') })),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, '../manifest.xml'));
  const check = await validateManifest(readFileSync(file, 'utf8'));
  if (check.valid) {
    console.log(`${path.basename(file)}: valid against ${ROOT_SCHEMA} (${XSD_DIR})`);
    return;
  }
  for (const e of check.errors) console.error(e);
  console.error(`${path.basename(file)}: NOT valid`);
  process.exitCode = 1;
}

if (require.main === module) void main();
