// Offline syntax check of the PowerShell files (the build machines have no pwsh): parses each file with the
// tree-sitter PowerShell grammar and fails on ERROR or MISSING nodes. The grammar has known false positives
// on valid PowerShell 7 syntax (?:, ??, ?., clean {}, one-line switch clauses); avoid them or rephrase.
import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
await Parser.init();
const lang = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
const parser = new Parser(); parser.setLanguage(lang);
let bad = 0;
for (const f of process.argv.slice(2)) {
  const tree = parser.parse(readFileSync(f, 'utf8'));
  const walk = (n) => { if (n.type === 'ERROR' || n.isMissing) { bad++; console.log(`${f}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.isMissing ? 'missing ' + n.type : 'syntax error'}: ${n.text.slice(0, 60).replace(/\n/g, ' ')}`); } for (const c of n.children) walk(c); };
  walk(tree.rootNode);
}
console.log(`${process.argv.length - 2} files, ${bad} problems`);
process.exit(bad ? 1 : 0);
