import { createServer, connect as tcpConnect } from 'node:net'

/**
 * Runs inside the isolated network's namespace (see isolated-network.ts):
 * `node namespace-forwarder.ts HOST PORT…` listens on 127.0.0.1 at each port and pipes every
 * connection to HOST at the same port. Prints one line once it listens.
 */
const [host, ...ports] = process.argv.slice(2)
await Promise.all(
  ports.map(
    (port) =>
      new Promise<void>((resolve, reject) => {
        const server = createServer((client) => {
          const upstream = tcpConnect({ host: host ?? '', port: Number(port) })
          client.pipe(upstream).pipe(client)
          const end = () => {
            client.destroy()
            upstream.destroy()
          }
          for (const socket of [client, upstream]) {
            socket.on('error', end)
            socket.on('close', end)
          }
        })
        server.once('error', reject)
        server.listen(Number(port), '127.0.0.1', () => resolve())
      }),
  ),
)
process.stdout.write('listening\n')
