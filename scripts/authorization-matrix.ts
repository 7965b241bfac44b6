/** Prints the authorization matrix (tests/security/authorization-table.ts) as Markdown, for docs/threat-model.md. */
import { CLASSES, DECISIONS, ROLES } from '../tests/security/authorization-table';

const show = (answer: string | number) => (answer === 'allowed' ? 'yes' : String(answer));
console.log(`| Route | Class | ${ROLES.join(' | ')} |`);
console.log(`|---|---|${ROLES.map(() => '---').join('|')}|`);
for (const [route, name] of Object.entries(DECISIONS)) {
  console.log(`| \`${route}\` | ${name} | ${ROLES.map((role) => show(CLASSES[name][role])).join(' | ')} |`);
}
