// Memory and CPU of processes on this machine, read from /proc (Linux only): what the
// API-load and capacity benchmarks report beside their own numbers.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The process that listens on a local TCP port: how the benchmarks find the stack's api, worker and LiveKit. */
export function pidListeningOn(port: number): number {
  const output = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' })
  const pid = output.match(/pid=(\d+)/)?.[1]
  if (!pid) throw new Error(`no process listens on port ${port} (or ss may not show it)`)
  return Number(pid)
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1]
  if (!kib) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kib) * 1024
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU time (user + system, all threads) the process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15, i.e. 11 and 12 after the state field.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

/** The whole machine's CPU time so far, busy and total (all cores), in seconds. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0)
  const idle = (values[3] ?? 0) + (values[4] ?? 0)
  return { busy: (total - idle) / CLOCK_TICKS_PER_SECOND, total: total / CLOCK_TICKS_PER_SECOND }
}

/**
 * CPU use between `start()` and `read()`: per process in cores (1.0 = one core fully busy),
 * and the machine's busy share of all its cores (0-1).
 */
export function cpuMeter(pids: Record<string, number>) {
  const startedAt = performance.now()
  const machineStart = machineCpuSeconds()
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]))
  return {
    read(): { seconds: number; cores: Record<string, number>; machineBusy: number } {
      const seconds = (performance.now() - startedAt) / 1000
      const machine = machineCpuSeconds()
      const cores = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, (cpuSeconds(pid) - (start[name] ?? 0)) / seconds]),
      )
      const machineBusy = (machine.busy - machineStart.busy) / Math.max(1e-9, machine.total - machineStart.total)
      return { seconds, cores, machineBusy }
    },
  }
}

/** Samples the resident set size of some processes every `intervalMs`; `stop()` gives each one's maximum. */
export function sampleMaxRss(pids: Record<string, number>, intervalMs = 200) {
  const max: Record<string, number> = {}
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      try {
        max[name] = Math.max(max[name] ?? 0, rssBytes(pid))
      } catch {
        // The process ended: keep what was seen.
      }
    }
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  return {
    stop(): Record<string, number> {
      clearInterval(timer)
      sample()
      return { ...max }
    },
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`
