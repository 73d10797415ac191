/**
 * A TCP proxy on loopback in front of a server, so a test can break the network the way real
 * networks break: `cut()` drops every open connection at once (a reset mid-stream), `freeze()`
 * stops forwarding on the open ones without closing them (a silent dead peer).
 */
import { createConnection, createServer, type Socket } from "node:net"
import type { AddressInfo } from "node:net"

export interface CuttingProxy {
  /** `http://127.0.0.1:<port>`: use it as the client's base URL. */
  readonly url: string
  /** Connections accepted so far. */
  readonly accepted: () => number
  readonly cut: () => void
  readonly freeze: () => void
  readonly close: () => Promise<void>
}

export const startProxy = (target: string): Promise<CuttingProxy> => {
  const { hostname, port } = new URL(target)
  const pairs = new Set<readonly [Socket, Socket]>()
  let accepted = 0
  const server = createServer((client) => {
    accepted++
    const upstream = createConnection({ host: hostname, port: Number(port) })
    const pair = [client, upstream] as const
    pairs.add(pair)
    const drop = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on("error", drop).on("close", drop)
    upstream.on("error", drop).on("close", drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port: own } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${own}`,
        accepted: () => accepted,
        cut: () => {
          for (const [client, upstream] of [...pairs]) {
            client.resetAndDestroy()
            upstream.destroy()
          }
        },
        freeze: () => {
          for (const [client, upstream] of pairs) {
            upstream.unpipe(client)
            upstream.pause()
          }
        },
        close: () =>
          new Promise<void>((done) => {
            for (const [client, upstream] of pairs) {
              client.destroy()
              upstream.destroy()
            }
            server.close(() => done())
          })
      })
    })
  })
}
