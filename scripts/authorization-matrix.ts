/**
 * Prints the authorization matrix (tests/security/authorization-table.ts and channel-table.ts) as Markdown, for the
 * "Authorization matrix" section of docs/threat-model.md: the HTTP routes, the sockets and streams, and the documents
 * linked to the live session once it has ended.
 */
import { CLASSES, DECISIONS, LINKED_AFTER_SESSION, ROLES, type Answer } from '../tests/security/authorization-table';
import { CHANNELS, showChannelAnswer } from '../tests/security/channel-table';

const show = (answer: Answer) => (answer === 'allowed' ? 'yes' : String(answer));
const header = (first: string[]) => [`| ${[...first, ...ROLES].join(' | ')} |`, `|${[...first, ...ROLES].map(() => '---').join('|')}|`];

console.log('### HTTP routes\n');
for (const line of header(['Route', 'Class'])) console.log(line);
for (const [route, name] of Object.entries(DECISIONS)) {
  console.log(`| \`${route}\` | ${name} | ${ROLES.map((role) => show(CLASSES[name][role])).join(' | ')} |`);
}

console.log('\n### Sockets and streams, during a live session\n');
for (const line of header(['Channel', 'Opens'])) console.log(line);
for (const entry of CHANNELS) {
  console.log(`| \`${entry.route}\` (${entry.kind}) | ${entry.target} | ${ROLES.map((role) => showChannelAnswer(entry.during[role])).join(' | ')} |`);
}

console.log('\n### Documents linked to the live session, once it has ended\n');
for (const line of header(['Route or channel', 'Opens'])) console.log(line);
for (const [route, name] of Object.entries(DECISIONS)) {
  if (name === 'linked_content' && route.startsWith('GET ')) {
    console.log(`| \`${route}\` | its content | ${ROLES.map((role) => show(LINKED_AFTER_SESSION[role])).join(' | ')} |`);
  }
}
for (const entry of CHANNELS) {
  if (!entry.afterSession) continue;
  console.log(`| \`${entry.route}\` (${entry.kind}) | ${entry.target} | ${ROLES.map((role) => showChannelAnswer(entry.afterSession![role])).join(' | ')} |`);
}
