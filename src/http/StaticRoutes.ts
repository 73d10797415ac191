/**
 * The test chat page and its assets from `static/`: `/` is the page, `/test` redirects to it
 * (as the original's did), `/static/*` serves files with ETags — never outside the folder.
 */
import { FileSystem, HttpLayerRouter, HttpServerRequest, HttpServerResponse, Path } from "@effect/platform"
import { Effect } from "effect"
import { AppConfig } from "../config/AppConfig.js"
import { notFound } from "./ApiError.js"

export const StaticRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const { staticDir } = yield* AppConfig
    const root = path.resolve(staticDir)

    const serveFile = (relative: string, cacheControl: string) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        let file = path.resolve(root, `.${path.sep}${relative}`)
        if (file !== root && !file.startsWith(root + path.sep)) return notFound("not_found", "No such file.")
        const info = yield* fs.stat(file).pipe(Effect.option)
        if (info._tag === "Some" && info.value.type === "Directory") file = path.join(file, "index.html")
        const response = yield* HttpServerResponse.file(file).pipe(Effect.option)
        if (response._tag === "None") return notFound("not_found", `No file ${JSON.stringify(relative)} in static/.`)
        const etag = response.value.headers["etag"]
        if (etag !== undefined && request.headers["if-none-match"] === etag) {
          return HttpServerResponse.empty({ status: 304, headers: { etag } })
        }
        return HttpServerResponse.setHeader(response.value, "cache-control", cacheControl)
      })

    yield* router.add("GET", "/", serveFile("index.html", "no-cache"))
    yield* router.add("GET", "/test", HttpServerResponse.redirect("/", { status: 307 }))
    yield* router.add(
      "GET",
      "/static/*",
      Effect.flatMap(HttpLayerRouter.params, (params) => {
        let relative: string
        try {
          relative = decodeURIComponent(params["*"] ?? "")
        } catch {
          return Effect.succeed(notFound("not_found", "No such file."))
        }
        return serveFile(relative, "public, max-age=300")
      })
    )
  })
)
