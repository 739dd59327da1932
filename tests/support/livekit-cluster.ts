import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import path from 'node:path'
import { Redis } from 'ioredis'
import { waitFor } from './scenario.ts'
import { testEnv } from './test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

// infra/livekit/node-{a,b}.yaml: HTTP 8410 and 8420, one Redis database (12) shared by both.
export const CLUSTER_NODES = {
  a: { config: 'infra/livekit/node-a.yaml', port: 8410 },
  b: { config: 'infra/livekit/node-b.yaml', port: 8420 },
} as const
export type NodeName = keyof typeof CLUSTER_NODES
const CLUSTER_REDIS_DB = 12

/** Where LiveKit keeps a room's node (hash room name → node id; pkg/routing/redisrouter.go). */
const ROOM_NODE_MAP = 'room_node_map'
/** The registered nodes (hash node id → Node proto). */
const NODES_KEY = 'nodes'

/** A connection to the cluster's own Redis database; disconnect it when done. */
export function clusterRedis(): Redis {
  return new Redis(Object.assign(new URL(testEnv.REDIS_URL), { pathname: `/${CLUSTER_REDIS_DB}` }).toString())
}

/** Deletes the cluster's keys (its own Redis database), e.g. nodes left registered by a killed run. */
export async function clearClusterState(): Promise<void> {
  const redis = clusterRedis()
  const keys = await redis.keys('*')
  if (keys.length) await redis.del(...keys)
  redis.disconnect()
}

export interface ClusterNode {
  name: NodeName
  /** LiveKit's own address (signalling WebSocket, server API, health check at `/`). */
  url: string
  httpUrl: string
  port: number
  /** The id the node registered under in Redis (`nodes`, `room_node_map`). */
  id: string
  child: ChildProcess
  /** Resolves once the process has exited. */
  exited: Promise<void>
}

/**
 * Starts one node of the cluster and resolves once it answers and has registered in Redis.
 * Nodes are started one after the other, so the new id in `nodes` is this node's.
 */
export async function startClusterNode(name: NodeName): Promise<ClusterNode> {
  const { config, port } = CLUSTER_NODES[name]
  const redis = clusterRedis()
  try {
    const before = new Set(await redis.hkeys(NODES_KEY))
    const redisUrl = new URL(testEnv.REDIS_URL)
    // The tests stop nodes on purpose, and the survivors log every signal they could not
    // relay: into the stack's log folder, not the test output (inherited when there is none).
    const log = testEnv.STACK_LOG_DIR ? path.join(testEnv.STACK_LOG_DIR, `livekit-node-${name}.log`) : undefined
    const logFd = log ? openSync(log, 'a') : undefined
    const child = spawn(path.join(ROOT, '.tools/livekit-server'), ['--config', config, '--redis-host', redisUrl.host], {
      cwd: ROOT,
      env: { LIVEKIT_KEYS: `${testEnv.LIVEKIT_API_KEY}: ${testEnv.LIVEKIT_API_SECRET}` },
      stdio: ['ignore', 'ignore', logFd ?? 'inherit'],
    })
    // The child has its own copy of the descriptor.
    if (logFd !== undefined) closeSync(logFd)
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const httpUrl = `http://127.0.0.1:${port}`
    await waitFor(
      () =>
        child.exitCode !== null
          ? Promise.reject(new Error(`LiveKit node ${name} exited with ${child.exitCode}; its log: ${log ?? 'above'}`))
          : fetch(httpUrl).then(
              (r) => r.ok,
              () => false,
            ),
      Boolean,
      `LiveKit node ${name} at ${httpUrl}`,
      20_000,
    )
    const [id] = await waitFor(
      async () => (await redis.hkeys(NODES_KEY)).filter((key) => !before.has(key)),
      (added) => added.length === 1,
      `LiveKit node ${name} registered in Redis`,
      10_000,
    )
    return { name, url: `ws://127.0.0.1:${port}`, httpUrl, port, id: id ?? '', child, exited }
  } finally {
    redis.disconnect()
  }
}

/** Ends a node: SIGTERM (it drains its rooms first), SIGKILL after `graceMs`. */
export async function stopClusterNode(node: ClusterNode, graceMs = 1000): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return
  node.child.kill('SIGTERM')
  const timer = setTimeout(() => node.child.kill('SIGKILL'), graceMs)
  await node.exited
  clearTimeout(timer)
}

/** LiveKit's NodeState (protocol livekit_internal.proto): what a node says it is doing. */
export const NodeState = { startingUp: 0, serving: 1, shuttingDown: 2 } as const

/**
 * The `state` of a node as registered in Redis (a livekit.Node protobuf; `state` is field 6,
 * an enum). Read by hand: the protocol package does not export its internal messages.
 */
export async function nodeState(nodeId: string): Promise<number | undefined> {
  const redis = clusterRedis()
  const bytes = await redis.hgetBuffer(NODES_KEY, nodeId).finally(() => redis.disconnect())
  if (!bytes) return undefined
  let at = 0
  const varint = () => {
    let value = 0
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++] ?? 0
      value += (byte & 0x7f) * 2 ** shift
      if (!(byte & 0x80)) return value
    }
  }
  let state: number = NodeState.startingUp // proto3 leaves a zero value out
  while (at < bytes.length) {
    const tag = varint()
    const wireType = tag & 7
    if (wireType === 0) {
      const value = varint()
      if (tag >>> 3 === 6) state = value
    } else if (wireType === 2) {
      const length = varint() // read first: `at += varint()` would add to the old `at`
      at += length
    } else if (wireType === 1) at += 8
    else if (wireType === 5) at += 4
    else throw new Error(`unexpected protobuf wire type ${wireType} in node ${nodeId}`)
  }
  return state
}

/** The id of the node the cluster placed a room on, if any. */
export async function nodeIdOfRoom(roomName: string): Promise<string | null> {
  const redis = clusterRedis()
  try {
    return await redis.hget(ROOM_NODE_MAP, roomName)
  } finally {
    redis.disconnect()
  }
}
