import { startApp } from "./test/support/app.js"
const N = Number(process.env.N ?? 400)
const main = async () => {
  const app = await startApp()
  app.model.script(() => ({ tokens: 1 }))
  const body = (i: number) => JSON.stringify({ session_id: `s${i}`, dialogue_history: [{ role: "user", content: "Help me plan an online bookshop" }], ...(process.env.LANG_EN ? { language: "en" } : {}) })
  // warm up
  for (let i = 0; i < 50; i++) await (await fetch(`${app.baseUrl}/api/chat/agent`, { method: "POST", headers: { "content-type": "application/json" }, body: body(-i - 1) })).text()
  const c0 = process.cpuUsage(); const t0 = Date.now()
  for (let i = 0; i < N; i++) await (await fetch(`${app.baseUrl}/api/chat/agent`, { method: "POST", headers: { "content-type": "application/json" }, body: body(i) })).text()
  const c = process.cpuUsage(c0)
  console.log(JSON.stringify({ msPerRun: ((c.user + c.system) / 1000 / N).toFixed(2), wallMsPerRun: ((Date.now() - t0) / N).toFixed(2) }))
  await app.close()
}
main()
