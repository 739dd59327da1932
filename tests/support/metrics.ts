/** Fetches a Prometheus text exposition. */
export async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`)
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`)
  return response.text()
}

/**
 * The value of one series in a Prometheus text exposition, 0 when it is absent. `labels`
 * must match the series' labels it names (others may be there too).
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0
  let found = false
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.lastIndexOf('}')) : ''
    const present = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]))
    if (!Object.entries(labels).every(([key, value]) => present[key] === value)) continue
    found = true
    total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return found ? total : 0
}
