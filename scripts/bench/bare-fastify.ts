// The yardstick of the API-load benchmark: a bare Fastify hello-world, no plugins, no logger,
// no database. Started by api-load.ts as a process of its own with the same Node binary.
//   node scripts/bench/bare-fastify.ts <port>
import Fastify from 'fastify'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: bare-fastify.ts <port>')
const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ port, host: '127.0.0.1' })
process.stdout.write('ready\n')
// Started with an IPC channel: when the benchmark goes away, however it ends, so does this.
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0))
  })
}
