// Reference relay: @hocuspocus/server with no extensions (in memory), on 127.0.0.1 and a free port.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
console.log(JSON.stringify({ msg: 'listening', port: server.address.port }));
