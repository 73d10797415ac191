/**
 * A TCP proxy on loopback between the browser and the server, so a test can cut the browser's
 * connections the way a network would — the page sees a real connection reset, with no hook in
 * its code.
 */
import { createServer, type Socket, connect } from "node:net"
import type { AddressInfo } from "node:net"

export interface Proxy {
  readonly url: string
  /** Connections accepted so far. */
  readonly connections: () => number
  /** Destroys every open connection (both sides); new ones are accepted as before. */
  readonly dropAll: () => void
  readonly close: () => Promise<void>
}

export const startProxy = (target: string): Promise<Proxy> => {
  const { hostname, port } = new URL(target)
  const open = new Set<Socket>()
  let accepted = 0
  const server = createServer((client) => {
    accepted++
    const upstream = connect(Number(port), hostname)
    for (const socket of [client, upstream]) {
      open.add(socket)
      socket.on("close", () => open.delete(socket))
      socket.on("error", () => undefined)
    }
    client.pipe(upstream)
    upstream.pipe(client)
    client.on("close", () => upstream.destroy())
    upstream.on("close", () => client.destroy())
  })
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        connections: () => accepted,
        dropAll: () => {
          for (const socket of open) socket.resetAndDestroy()
        },
        close: () =>
          new Promise((done) => {
            for (const socket of open) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
}
