/**
 * The page's own words in the five languages the planner speaks. `en` defines the keys; every
 * other dictionary is typed against it, so a missing or extra string fails the type check.
 * Markup carries `data-i18n` (text), `data-i18n-placeholder`, `data-i18n-title` and
 * `data-i18n-aria-label` (attributes); everything written later asks `t()`.
 */
import { el } from "./dom.js"
import type { Language } from "./wire.js"

const en = {
  tagline: "Test chat: every step streams live",
  skipToInput: "Skip to the message box",
  demoBanner: "Demo mode: no model is configured, so the answers come from the built-in scripted demo model.",
  chatTitle: "Conversation",
  emptyChat: "Describe a system you want to build and watch the plan stream in.",
  inputLabel: "Your message",
  inputPlaceholder: "Describe what you want to build…",
  inputHint: "Enter sends; Shift+Enter starts a new line.",
  send: "Send",
  stop: "Stop",
  newSession: "New session",
  newSessionTitle: "Start over: a new session id, no history, no documents",
  clear: "Clear",
  clearTitle: "Clear the screen; the conversation and its state are kept",
  you: "You",
  assistant: "Assistant",
  typing: "The assistant is working…",
  controls: "Chat controls",
  toolCalls: "Tool calls",
  toolArguments: "Arguments",
  toolResult: "Result",
  toolError: "Error",
  toolStarting: "starting",
  toolRunning: "running",
  toolCompleted: "completed",
  toolFailed: "failed",
  turnCancelled: "The run was cancelled.",
  turnFailed: "The run failed.",
  turnLost: "The run is no longer available on the server; its outcome is unknown.",
  turnGaveUp: "The connection was lost and could not be restored.",
  refused: "The server refused the request:",
  unreachable: "The server could not be reached.",
  documentsTitle: "Design documents",
  documentsEmpty: "No documents yet. They appear here as the planner writes them.",
  preview: "Preview",
  download: "Download",
  downloadAll: "Download all (.zip)",
  copy: "Copy",
  copied: "Copied to the clipboard.",
  copyFailed: "The clipboard is not available here.",
  closePreview: "Close preview",
  statusTitle: "Status",
  statusConnection: "Connection",
  statusSession: "Session",
  statusRun: "Run",
  statusLastEvent: "Last event id",
  statusMessages: "Messages",
  statusEvents: "Events",
  statusToolCalls: "Tool calls",
  statusHeartbeat: "Last heartbeat",
  statusReconnects: "Reconnects",
  stateIdle: "idle",
  stateConnecting: "connecting",
  stateStreaming: "streaming",
  stateReconnecting: "reconnecting",
  stateClosed: "closed",
  secondsAgo: "{n} s ago",
  never: "none yet",
  eventLogTitle: "Event log",
  eventLogHint: "The last 200 events. Open one to see its JSON.",
  settingsTitle: "Settings",
  settingLanguage: "Language",
  settingIncludeMetadata: "Include metadata (event index and elapsed time)",
  settingHeartbeat: "Heartbeat interval (seconds)",
  settingKeepRunning: "Keep the run going if the connection drops"
}

export type Dictionary = typeof en
export type TextKey = keyof Dictionary

const zh: Dictionary = {
  tagline: "测试聊天：每一步都实时流式呈现",
  skipToInput: "跳到消息输入框",
  demoBanner: "演示模式：未配置模型，回答来自内置的脚本化演示模型。",
  chatTitle: "对话",
  emptyChat: "描述您想构建的系统，看着规划实时生成。",
  inputLabel: "您的消息",
  inputPlaceholder: "描述您想构建的东西…",
  inputHint: "Enter 发送；Shift+Enter 换行。",
  send: "发送",
  stop: "停止",
  newSession: "新会话",
  newSessionTitle: "重新开始：新的会话 ID，清空历史和文档",
  clear: "清屏",
  clearTitle: "清空屏幕；对话及其状态保留",
  you: "您",
  assistant: "助手",
  typing: "助手正在处理…",
  controls: "聊天控制",
  toolCalls: "工具调用",
  toolArguments: "参数",
  toolResult: "结果",
  toolError: "错误",
  toolStarting: "启动中",
  toolRunning: "运行中",
  toolCompleted: "已完成",
  toolFailed: "失败",
  turnCancelled: "本次运行已取消。",
  turnFailed: "本次运行失败。",
  turnLost: "服务器上已没有这次运行，其结果未知。",
  turnGaveUp: "连接已断开，且无法恢复。",
  refused: "服务器拒绝了请求：",
  unreachable: "无法连接到服务器。",
  documentsTitle: "设计文档",
  documentsEmpty: "暂无文档。规划器生成文档后会显示在这里。",
  preview: "预览",
  download: "下载",
  downloadAll: "全部下载（.zip）",
  copy: "复制",
  copied: "已复制到剪贴板。",
  copyFailed: "此处无法使用剪贴板。",
  closePreview: "关闭预览",
  statusTitle: "状态",
  statusConnection: "连接",
  statusSession: "会话",
  statusRun: "运行",
  statusLastEvent: "最后事件 ID",
  statusMessages: "消息数",
  statusEvents: "事件数",
  statusToolCalls: "工具调用数",
  statusHeartbeat: "最近心跳",
  statusReconnects: "重连次数",
  stateIdle: "空闲",
  stateConnecting: "连接中",
  stateStreaming: "接收中",
  stateReconnecting: "重连中",
  stateClosed: "已关闭",
  secondsAgo: "{n} 秒前",
  never: "尚无",
  eventLogTitle: "事件日志",
  eventLogHint: "最近 200 个事件。展开一项即可查看其 JSON。",
  settingsTitle: "设置",
  settingLanguage: "语言",
  settingIncludeMetadata: "包含元数据（事件序号和耗时）",
  settingHeartbeat: "心跳间隔（秒）",
  settingKeepRunning: "连接断开时让运行继续"
}

const ja: Dictionary = {
  tagline: "テストチャット：すべてのステップをライブでストリーミング",
  skipToInput: "メッセージ入力欄へ移動",
  demoBanner: "デモモード：モデルが設定されていないため、回答は内蔵のスクリプト型デモモデルによるものです。",
  chatTitle: "会話",
  emptyChat: "作りたいシステムを説明すると、計画がストリーミングで届きます。",
  inputLabel: "メッセージ",
  inputPlaceholder: "作りたいものを説明してください…",
  inputHint: "Enter で送信、Shift+Enter で改行します。",
  send: "送信",
  stop: "停止",
  newSession: "新しいセッション",
  newSessionTitle: "最初からやり直す：新しいセッション ID、履歴とドキュメントは空になります",
  clear: "クリア",
  clearTitle: "画面をクリアします。会話とその状態は保持されます",
  you: "あなた",
  assistant: "アシスタント",
  typing: "アシスタントが処理しています…",
  controls: "チャット操作",
  toolCalls: "ツール呼び出し",
  toolArguments: "引数",
  toolResult: "結果",
  toolError: "エラー",
  toolStarting: "開始中",
  toolRunning: "実行中",
  toolCompleted: "完了",
  toolFailed: "失敗",
  turnCancelled: "実行はキャンセルされました。",
  turnFailed: "実行に失敗しました。",
  turnLost: "この実行はサーバーに残っていないため、結果は不明です。",
  turnGaveUp: "接続が切れ、復旧できませんでした。",
  refused: "サーバーがリクエストを拒否しました：",
  unreachable: "サーバーに接続できません。",
  documentsTitle: "設計ドキュメント",
  documentsEmpty: "ドキュメントはまだありません。プランナーが作成するとここに表示されます。",
  preview: "プレビュー",
  download: "ダウンロード",
  downloadAll: "すべてダウンロード（.zip）",
  copy: "コピー",
  copied: "クリップボードにコピーしました。",
  copyFailed: "ここではクリップボードを使用できません。",
  closePreview: "プレビューを閉じる",
  statusTitle: "ステータス",
  statusConnection: "接続",
  statusSession: "セッション",
  statusRun: "実行",
  statusLastEvent: "最後のイベント ID",
  statusMessages: "メッセージ数",
  statusEvents: "イベント数",
  statusToolCalls: "ツール呼び出し数",
  statusHeartbeat: "最後のハートビート",
  statusReconnects: "再接続回数",
  stateIdle: "待機中",
  stateConnecting: "接続中",
  stateStreaming: "受信中",
  stateReconnecting: "再接続中",
  stateClosed: "切断済み",
  secondsAgo: "{n} 秒前",
  never: "まだありません",
  eventLogTitle: "イベントログ",
  eventLogHint: "直近 200 件のイベント。開くと JSON を表示します。",
  settingsTitle: "設定",
  settingLanguage: "言語",
  settingIncludeMetadata: "メタデータを含める（イベント番号と経過時間）",
  settingHeartbeat: "ハートビート間隔（秒）",
  settingKeepRunning: "接続が切れても実行を続ける"
}

const es: Dictionary = {
  tagline: "Chat de prueba: cada paso se transmite en directo",
  skipToInput: "Ir al cuadro de mensaje",
  demoBanner: "Modo demostración: no hay ningún modelo configurado, así que las respuestas vienen del modelo de demostración integrado.",
  chatTitle: "Conversación",
  emptyChat: "Describe el sistema que quieres construir y mira cómo llega el plan en directo.",
  inputLabel: "Tu mensaje",
  inputPlaceholder: "Describe lo que quieres construir…",
  inputHint: "Intro envía; Mayús+Intro añade una línea.",
  send: "Enviar",
  stop: "Detener",
  newSession: "Nueva sesión",
  newSessionTitle: "Empezar de cero: un nuevo id de sesión, sin historial ni documentos",
  clear: "Limpiar",
  clearTitle: "Limpia la pantalla; la conversación y su estado se conservan",
  you: "Tú",
  assistant: "Asistente",
  typing: "El asistente está trabajando…",
  controls: "Controles del chat",
  toolCalls: "Llamadas a herramientas",
  toolArguments: "Argumentos",
  toolResult: "Resultado",
  toolError: "Error",
  toolStarting: "iniciando",
  toolRunning: "en curso",
  toolCompleted: "completada",
  toolFailed: "fallida",
  turnCancelled: "La ejecución se canceló.",
  turnFailed: "La ejecución falló.",
  turnLost: "La ejecución ya no está disponible en el servidor; se desconoce su resultado.",
  turnGaveUp: "Se perdió la conexión y no se pudo restablecer.",
  refused: "El servidor rechazó la petición:",
  unreachable: "No se pudo contactar con el servidor.",
  documentsTitle: "Documentos de diseño",
  documentsEmpty: "Aún no hay documentos. Aparecerán aquí a medida que el planificador los escriba.",
  preview: "Vista previa",
  download: "Descargar",
  downloadAll: "Descargar todo (.zip)",
  copy: "Copiar",
  copied: "Copiado al portapapeles.",
  copyFailed: "El portapapeles no está disponible aquí.",
  closePreview: "Cerrar la vista previa",
  statusTitle: "Estado",
  statusConnection: "Conexión",
  statusSession: "Sesión",
  statusRun: "Ejecución",
  statusLastEvent: "Id del último evento",
  statusMessages: "Mensajes",
  statusEvents: "Eventos",
  statusToolCalls: "Llamadas a herramientas",
  statusHeartbeat: "Último latido",
  statusReconnects: "Reconexiones",
  stateIdle: "inactiva",
  stateConnecting: "conectando",
  stateStreaming: "recibiendo",
  stateReconnecting: "reconectando",
  stateClosed: "cerrada",
  secondsAgo: "hace {n} s",
  never: "ninguno todavía",
  eventLogTitle: "Registro de eventos",
  eventLogHint: "Los últimos 200 eventos. Abre uno para ver su JSON.",
  settingsTitle: "Ajustes",
  settingLanguage: "Idioma",
  settingIncludeMetadata: "Incluir metadatos (índice del evento y tiempo transcurrido)",
  settingHeartbeat: "Intervalo de latido (segundos)",
  settingKeepRunning: "Mantener la ejecución si se corta la conexión"
}

const fr: Dictionary = {
  tagline: "Chat de test : chaque étape arrive en direct",
  skipToInput: "Aller à la zone de message",
  demoBanner: "Mode démo : aucun modèle n’est configuré, les réponses viennent donc du modèle de démonstration intégré.",
  chatTitle: "Conversation",
  emptyChat: "Décrivez le système que vous voulez construire et regardez le plan arriver en direct.",
  inputLabel: "Votre message",
  inputPlaceholder: "Décrivez ce que vous voulez construire…",
  inputHint: "Entrée envoie ; Maj+Entrée ajoute une ligne.",
  send: "Envoyer",
  stop: "Arrêter",
  newSession: "Nouvelle session",
  newSessionTitle: "Tout recommencer : un nouvel identifiant de session, sans historique ni documents",
  clear: "Effacer",
  clearTitle: "Efface l’écran ; la conversation et son état sont conservés",
  you: "Vous",
  assistant: "Assistant",
  typing: "L’assistant travaille…",
  controls: "Commandes du chat",
  toolCalls: "Appels d’outils",
  toolArguments: "Arguments",
  toolResult: "Résultat",
  toolError: "Erreur",
  toolStarting: "démarrage",
  toolRunning: "en cours",
  toolCompleted: "terminé",
  toolFailed: "échec",
  turnCancelled: "L’exécution a été annulée.",
  turnFailed: "L’exécution a échoué.",
  turnLost: "L’exécution n’est plus disponible sur le serveur ; son issue est inconnue.",
  turnGaveUp: "La connexion a été perdue et n’a pas pu être rétablie.",
  refused: "Le serveur a refusé la requête :",
  unreachable: "Le serveur est injoignable.",
  documentsTitle: "Documents de conception",
  documentsEmpty: "Aucun document pour l’instant. Ils apparaissent ici dès que le planificateur les écrit.",
  preview: "Aperçu",
  download: "Télécharger",
  downloadAll: "Tout télécharger (.zip)",
  copy: "Copier",
  copied: "Copié dans le presse-papiers.",
  copyFailed: "Le presse-papiers n’est pas disponible ici.",
  closePreview: "Fermer l’aperçu",
  statusTitle: "État",
  statusConnection: "Connexion",
  statusSession: "Session",
  statusRun: "Exécution",
  statusLastEvent: "Id du dernier événement",
  statusMessages: "Messages",
  statusEvents: "Événements",
  statusToolCalls: "Appels d’outils",
  statusHeartbeat: "Dernier battement",
  statusReconnects: "Reconnexions",
  stateIdle: "inactive",
  stateConnecting: "connexion",
  stateStreaming: "réception",
  stateReconnecting: "reconnexion",
  stateClosed: "fermée",
  secondsAgo: "il y a {n} s",
  never: "aucun pour l’instant",
  eventLogTitle: "Journal des événements",
  eventLogHint: "Les 200 derniers événements. Ouvrez-en un pour voir son JSON.",
  settingsTitle: "Réglages",
  settingLanguage: "Langue",
  settingIncludeMetadata: "Inclure les métadonnées (index de l’événement et temps écoulé)",
  settingHeartbeat: "Intervalle de battement (secondes)",
  settingKeepRunning: "Poursuivre l’exécution si la connexion est coupée"
}

export const dictionaries: Readonly<Record<Language, Dictionary>> = { zh, en, ja, es, fr }

/** Each language named in itself, for the language picker. */
export const languageNames: Readonly<Record<Language, string>> = { zh: "中文", en: "English", ja: "日本語", es: "Español", fr: "Français" }

/** The browser's language when it is one of the five, else English. */
export const preferredLanguage = (candidates: ReadonlyArray<string>): Language => {
  for (const tag of candidates) {
    const base = tag.toLowerCase().split("-")[0]
    if (base === "zh" || base === "en" || base === "ja" || base === "es" || base === "fr") return base
  }
  return "en"
}

export class I18n {
  private dictionary: Dictionary
  private readonly listeners: Array<() => void> = []

  constructor(public language: Language) {
    this.dictionary = dictionaries[language]
  }

  readonly t = (key: TextKey): string => this.dictionary[key]

  /** A text with `{name}` placeholders filled in. */
  readonly format = (key: TextKey, values: Readonly<Record<string, string | number>>): string =>
    this.dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))

  /** An element holding a text of this page, which `apply` rewrites when the language changes. */
  label<K extends "span" | "summary" | "strong" | "p" | "button">(key: TextKey, tag: K, attrs: Readonly<Record<string, string>> = {}): HTMLElementTagNameMap[K] {
    return el(tag, { ...attrs, "data-i18n": key }, this.t(key))
  }

  /** Switches the language: rewrites the marked-up text and tells the views that write their own. */
  set(language: Language): void {
    this.language = language
    this.dictionary = dictionaries[language]
    this.apply(document)
    for (const listener of this.listeners) listener()
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Writes every `data-i18n*` marked element under `root`. */
  apply(root: ParentNode & Node): void {
    if (root === document) document.documentElement.lang = this.language
    for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) node.textContent = this.t(node.dataset["i18n"] as TextKey)
    for (const [data, attribute] of [
      ["i18nPlaceholder", "placeholder"],
      ["i18nTitle", "title"],
      ["i18nAriaLabel", "aria-label"]
    ] as const) {
      const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`
      for (const node of root.querySelectorAll<HTMLElement>(selector)) node.setAttribute(attribute, this.t(node.dataset[data] as TextKey))
    }
  }
}
