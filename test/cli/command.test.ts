import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { closedPort, runCommand } from "../support/command.js"
import { spawnServer } from "../support/process.js"
import { startRun, userTurn } from "../support/sse.js"

const SECRET = "sk-very-secret-do-not-print-4711"
let model: ScriptedModel.ScriptedModelServer
let scratch: string
beforeAll(async () => {
  model = await ScriptedModel.start()
  scratch = await mkdtemp(join(tmpdir(), "gtplanner-cli-"))
})
afterAll(async () => {
  await model.close()
  await rm(scratch, { recursive: true, force: true })
})

const modelEnv = () => ({ LLM_BASE_URL: model.url, LLM_API_KEY: SECRET, LLM_MODEL: "scripted-model" })

describe("the command line", () => {
  it("--help lists every option", async () => {
    const { code, stdout } = await runCommand(["--help"])
    expect(code).toBe(0)
    for (const option of ["--mode", "--host", "--port", "--workers", "--log-level", "--log-file", "--no-log-file", "--check", "--env-file", "--no-reload", "--help"]) {
      expect(stdout).toContain(option)
    }
  })

  it.each([
    [["--port", "abc"], /--port must be a whole number/],
    [["--mode", "x"], /--mode must be one of dev, prod/],
    [["--workers", "0"], /--workers must be a whole number from 1/],
    [["--bogus"], /unknown argument: '--bogus'/]
  ])("refuses %j with a message naming it", async (args, message) => {
    const { code, stdout, stderr } = await runCommand(args)
    expect(code).not.toBe(0)
    expect(stdout + stderr).toMatch(message)
  })

  it("refuses bad settings with one line per variable and exit 1, never printing a secret", async () => {
    const { code, stdout, stderr } = await runCommand([], {
      env: { GTPLANNER_MAX_BODY_BYTES: "-5", LLM_BASE_URL: "not a url", LLM_API_KEY: SECRET, GTPLANNER_DEFAULT_LANGUAGE: "de" }
    })
    expect(code).toBe(1)
    const lines = stderr.split("\n")
    expect(lines.filter((l) => l.includes("GTPLANNER_MAX_BODY_BYTES:"))).toHaveLength(1)
    expect(lines.find((l) => l.includes("GTPLANNER_MAX_BODY_BYTES:"))).toMatch(/whole number.*for example GTPLANNER_MAX_BODY_BYTES=1048576/)
    expect(lines.find((l) => l.includes("LLM_BASE_URL:"))).toMatch(/http\(s\) URL.*for example LLM_BASE_URL=https:\/\//)
    expect(lines.find((l) => l.includes("GTPLANNER_DEFAULT_LANGUAGE:"))).toMatch(/zh, en, ja, es, fr/)
    expect(stdout + stderr).not.toContain(SECRET)
  })

  it("stops before listening when static/ is missing, naming the setting", async () => {
    const { code, stderr } = await runCommand([], { env: { ...modelEnv(), GTPLANNER_STATIC_DIR: join(scratch, "no-such-dir") } })
    expect(code).toBe(1)
    expect(stderr).toMatch(/GTPLANNER_STATIC_DIR: no index\.html in/)
  })

  it("warns, naming the URL, when the model endpoint does not answer — and serves anyway", async () => {
    const port = await closedPort()
    const server = await spawnServer({ LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_API_KEY: SECRET })
    await server.waitFor(new RegExp(`model endpoint http://127\\.0\\.0\\.1:${port}/v1/models is unreachable`))
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200)
    server.child.kill("SIGTERM")
    expect((await server.exited).code).toBe(0)
    expect(server.output()).not.toContain(SECRET)
  })

  it("--port 0 serves on a free port and says which", async () => {
    const server = await spawnServer(modelEnv(), { args: ["--port", "0"] })
    const port = Number(new URL(server.baseUrl).port)
    expect(port).toBeGreaterThan(0)
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200)
    server.child.kill("SIGTERM")
    expect((await server.exited).code).toBe(0)
  })

  it("--check: exit 0 against a running server, 1 with a reason against a closed port, honouring --host and --port", async () => {
    const server = await spawnServer(modelEnv())
    const port = new URL(server.baseUrl).port
    const healthy = await runCommand(["--check", "--host", "127.0.0.1", "--port", port])
    expect(healthy.code).toBe(0)
    expect(healthy.stdout).toMatch(/^healthy: http:\/\/127\.0\.0\.1:\d+\/health/)
    // The server listens on 127.0.0.1 only: the same port on another loopback address is closed.
    const otherHost = await runCommand(["--check", "--host", "127.0.0.2", "--port", port])
    expect(otherHost.code).toBe(1)
    expect(otherHost.stderr).toMatch(/^unreachable: http:\/\/127\.0\.0\.2:\d+\/health \(ECONNREFUSED\)/)
    server.child.kill("SIGTERM")
    await server.exited
    const closed = await runCommand(["--check", "--port", String(await closedPort())])
    expect(closed.code).toBe(1)
    expect(closed.stderr.trim().split("\n")).toHaveLength(1)
    expect(closed.stderr).toMatch(/unreachable: .*ECONNREFUSED/)
  })

  it("reads .env from the working directory and --env-file; the environment wins over the file", async () => {
    const dir = await mkdtemp(join(scratch, "env-"))
    await writeFile(join(dir, ".env"), `GTPLANNER_DEFAULT_LANGUAGE=fr\nLLM_BASE_URL=${model.url}\nLLM_API_KEY=${SECRET}\n`)
    await writeFile(join(dir, "other.env"), `GTPLANNER_DEFAULT_LANGUAGE=es\nLLM_BASE_URL=${model.url}\nLLM_API_KEY=${SECRET}\n`)
    const languageOf = async (env: Record<string, string>, args: ReadonlyArray<string> = []) => {
      const server = await spawnServer({ GTPLANNER_STATIC_DIR: resolve("static"), ...env }, { cwd: dir, args })
      model.script([{ text: "ok" }])
      const events = await (await startRun(server.baseUrl, userTurn("env-1", "ok"))).readAll()
      server.child.kill("SIGTERM")
      await server.exited
      return (events[0]!.envelope.data["config"] as { language: string }).language
    }
    expect(await languageOf({})).toBe("fr")
    expect(await languageOf({}, ["--env-file", join(dir, "other.env")])).toBe("es")
    expect(await languageOf({ GTPLANNER_DEFAULT_LANGUAGE: "ja" })).toBe("ja")
    // Node 20 itself also acts on an --env-file anywhere on its command line (fixed in later
    // Node versions): a missing file then stops it with code 9 before our code runs.
    const missing = await runCommand(["--env-file", join(dir, "nope.env")])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/nope\.env: (no such file|not found)/)
  })

  it("prod: JSON log lines in the log file, each run's lines annotated with its session, and no secret anywhere", async () => {
    const logFile = join(scratch, "prod.log")
    const server = await spawnServer(modelEnv(), { args: ["--mode", "prod", "--workers", "1", "--log-file", logFile], logFile: true })
    model.script([{ text: "hello from prod" }])
    await (await startRun(server.baseUrl, userTurn("logged-session", "hi"))).readAll()
    server.child.kill("SIGTERM")
    expect((await server.exited).code).toBe(0)
    const lines = (await readFile(logFile, "utf8")).trim().split("\n")
    const entries = lines.map((line) => JSON.parse(line) as { message: unknown; annotations: Record<string, unknown>; logLevel: string })
    const runLines = entries.filter((e) => JSON.stringify(e.message).includes("run "))
    expect(runLines.length).toBeGreaterThanOrEqual(2)
    for (const e of runLines) expect(e.annotations["session_id"]).toBe("logged-session")
    const requestLine = entries.find((e) => e.message === "http request" && e.annotations["path"] === "/api/chat/agent")
    expect(requestLine?.annotations).toMatchObject({ method: "POST", status: 200 })
    expect(typeof requestLine?.annotations["duration_ms"]).toBe("number")
    // The console in prod is JSON lines too.
    for (const line of server.output().trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow()
    expect(lines.join("\n") + server.output()).not.toContain(SECRET)
    expect(lines.join("\n")).not.toContain("hello from prod")
  })

  it("prod --workers 2: both workers serve; a killed worker is replaced; SIGTERM stops them all with code 0", async () => {
    const server = await spawnServer(modelEnv(), { args: ["--mode", "prod", "--workers", "2"] })
    await server.waitFor(/listening on .*\(worker 0\)[\s\S]*listening on .*\(worker 1\)|listening on .*\(worker 1\)[\s\S]*listening on .*\(worker 0\)/)
    const instance = async () => ((await (await fetch(`${server.baseUrl}/health`)).json()) as { instance: { pid: number; worker: number } }).instance
    const seen = new Map<number, number>()
    for (let i = 0; i < 12 && seen.size < 2; i++) {
      const { worker, pid } = await instance()
      seen.set(worker, pid)
    }
    expect([...seen.keys()].sort()).toEqual([0, 1])
    const victim = seen.get(0)!
    process.kill(victim, "SIGKILL")
    await server.waitFor(/worker 0 exited with code 137; starting a new one/)
    await server.waitFor(/listening on .*\(worker 0\)[\s\S]*listening on .*\(worker 0\)/)
    const after = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${server.baseUrl}/health`)
      expect(response.status).toBe(200)
      after.add(((await response.json()) as { instance: { pid: number } }).instance.pid)
    }
    expect(after.has(victim)).toBe(false)
    server.child.kill("SIGTERM")
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.output()).toMatch(/all workers stopped/)
  })

  it("dev: restarts the server when a source file changes, and stops cleanly", async () => {
    const server = await spawnServer(modelEnv(), { reload: true })
    const now = new Date()
    await utimes("src/ServerInfo.ts", now, now)
    await server.waitFor(/ServerInfo\.ts changed; restarting the server/)
    await server.waitFor(/listening on[\s\S]*listening on (http:\/\/[\d.]+:\d+)/)
    server.child.kill("SIGTERM")
    expect(await server.exited).toEqual({ code: 0, signal: null })
  })
})
