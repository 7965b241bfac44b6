/**
 * The set-up of a test file that talks to the relay: a relay server on port 0 (tests/relay/server.ts) and `provider`,
 * which opens a y-websocket provider on it; the providers are destroyed after the file's tests, then the server closed.
 */
import { openProvider, startRelayServer, type RelayServer, type TestProvider } from '../relay/server';
import { useFixture } from './fixture';

export function useRelayServer(options: Parameters<typeof startRelayServer>[0] = {}) {
  const open: TestProvider[] = [];
  const server: RelayServer = useFixture(
    () => startRelayServer(options),
    async (s) => {
      for (const p of open) p.destroy();
      await s.close();
    }
  );
  const provider = (docName: string, cookie: string | undefined, doc?: Parameters<typeof openProvider>[3]): TestProvider => {
    const p = openProvider(server, docName, cookie, doc);
    open.push(p);
    return p;
  };
  return { server, provider };
}
