/**
 * Every string the server itself writes for a user (status, progress and error messages, the
 * closing words of a stream), complete in the five languages.
 */
import type { Language } from "../../domain/Language.js"

export interface Messages {
  readonly thinking: string
  readonly roundLimit: (max: number) => string
  readonly toolStarting: (name: string) => string
  readonly toolCompleted: (name: string) => string
  readonly toolFailed: (name: string) => string
  readonly toolUnknown: (name: string, available: ReadonlyArray<string>) => string
  readonly toolBadJson: (detail: string) => string
  readonly toolCancelled: string
  readonly llmError: Readonly<Record<"llm_unavailable" | "llm_rate_limited" | "llm_timeout" | "llm_bad_response" | "llm_auth", string>>
  readonly internalError: string
  readonly cancelled: string
  readonly shuttingDown: string
  readonly closeCompleted: string
  readonly closeFailed: string
  readonly closeCancelled: string
  readonly replayGap: (first: number) => string
}

const list = (names: ReadonlyArray<string>, sep: string) => names.join(sep)

const en: Messages = {
  thinking: "Thinking about your request…",
  roundLimit: (max) =>
    `I have used all ${max} planning steps available for one reply, so I am stopping here. Tell me how you would like to continue and I will pick it up from this point.`,
  toolStarting: (name) => `Starting ${name}…`,
  toolCompleted: (name) => `${name} finished`,
  toolFailed: (name) => `${name} failed`,
  toolUnknown: (name, available) => `There is no tool named "${name}". Available tools: ${list(available, ", ") || "none"}.`,
  toolBadJson: (detail) => `The tool arguments are not valid JSON (${detail}).`,
  toolCancelled: "The tool was stopped because the run was cancelled.",
  llmError: {
    llm_unavailable: "The language model service is unavailable right now. Please try again in a moment.",
    llm_rate_limited: "The language model service is rate limiting requests. Please wait a moment and try again.",
    llm_timeout: "The language model took too long to answer.",
    llm_bad_response: "The language model sent a response that could not be understood.",
    llm_auth: "The language model service rejected the API key. Check LLM_API_KEY."
  },
  internalError: "An internal error stopped this run.",
  cancelled: "The run was cancelled.",
  shuttingDown: "The server is shutting down; this run was stopped.",
  closeCompleted: "Stream completed.",
  closeFailed: "Stream ended after a failure.",
  closeCancelled: "Stream ended: the run was cancelled.",
  replayGap: (first) => `Some earlier events are no longer retained; replay continues from event ${first}.`
}

const zh: Messages = {
  thinking: "正在思考您的需求…",
  roundLimit: (max) => `本次回复已用完全部 ${max} 个规划步骤，因此先在这里停下。请告诉我您希望如何继续，我会从这里接着进行。`,
  toolStarting: (name) => `正在启动 ${name}…`,
  toolCompleted: (name) => `${name} 已完成`,
  toolFailed: (name) => `${name} 执行失败`,
  toolUnknown: (name, available) => `不存在名为“${name}”的工具。可用的工具：${list(available, "、") || "无"}。`,
  toolBadJson: (detail) => `工具参数不是有效的 JSON（${detail}）。`,
  toolCancelled: "运行已被取消，工具已停止。",
  llmError: {
    llm_unavailable: "语言模型服务暂时不可用，请稍后重试。",
    llm_rate_limited: "语言模型服务正在限流，请稍等片刻再试。",
    llm_timeout: "语言模型响应超时。",
    llm_bad_response: "语言模型返回了无法解析的响应。",
    llm_auth: "语言模型服务拒绝了 API 密钥，请检查 LLM_API_KEY。"
  },
  internalError: "内部错误导致本次运行中止。",
  cancelled: "本次运行已取消。",
  shuttingDown: "服务器正在关闭，本次运行已停止。",
  closeCompleted: "流已完成。",
  closeFailed: "流因错误而结束。",
  closeCancelled: "流已结束：运行被取消。",
  replayGap: (first) => `部分较早的事件已不再保留，将从事件 ${first} 继续重放。`
}

const ja: Messages = {
  thinking: "ご要望を検討しています…",
  roundLimit: (max) =>
    `1 回の応答で使える ${max} 回の計画ステップをすべて使い切ったため、ここで一度止めます。どのように進めたいか教えていただければ、ここから続けます。`,
  toolStarting: (name) => `${name} を開始しています…`,
  toolCompleted: (name) => `${name} が完了しました`,
  toolFailed: (name) => `${name} が失敗しました`,
  toolUnknown: (name, available) => `「${name}」という名前のツールはありません。利用できるツール：${list(available, "、") || "なし"}。`,
  toolBadJson: (detail) => `ツールの引数が有効な JSON ではありません（${detail}）。`,
  toolCancelled: "実行がキャンセルされたため、ツールを停止しました。",
  llmError: {
    llm_unavailable: "言語モデルのサービスが現在利用できません。しばらくしてから再試行してください。",
    llm_rate_limited: "言語モデルのサービスがリクエストを制限しています。少し待ってから再試行してください。",
    llm_timeout: "言語モデルの応答がタイムアウトしました。",
    llm_bad_response: "言語モデルから解釈できない応答が返されました。",
    llm_auth: "言語モデルのサービスが API キーを拒否しました。LLM_API_KEY を確認してください。"
  },
  internalError: "内部エラーによりこの実行は中断されました。",
  cancelled: "実行はキャンセルされました。",
  shuttingDown: "サーバーが停止処理中のため、この実行は中断されました。",
  closeCompleted: "ストリームが完了しました。",
  closeFailed: "ストリームはエラーで終了しました。",
  closeCancelled: "ストリームが終了しました：実行はキャンセルされました。",
  replayGap: (first) => `以前のイベントの一部は保持されていません。イベント ${first} から再生を続けます。`
}

const es: Messages = {
  thinking: "Analizando tu solicitud…",
  roundLimit: (max) =>
    `He usado los ${max} pasos de planificación disponibles para una respuesta, así que me detengo aquí. Dime cómo quieres continuar y seguiré desde este punto.`,
  toolStarting: (name) => `Iniciando ${name}…`,
  toolCompleted: (name) => `${name} ha terminado`,
  toolFailed: (name) => `${name} ha fallado`,
  toolUnknown: (name, available) => `No existe ninguna herramienta llamada "${name}". Herramientas disponibles: ${list(available, ", ") || "ninguna"}.`,
  toolBadJson: (detail) => `Los argumentos de la herramienta no son JSON válido (${detail}).`,
  toolCancelled: "La herramienta se detuvo porque la ejecución fue cancelada.",
  llmError: {
    llm_unavailable: "El servicio del modelo de lenguaje no está disponible en este momento. Inténtalo de nuevo en unos instantes.",
    llm_rate_limited: "El servicio del modelo de lenguaje está limitando las solicitudes. Espera un momento e inténtalo de nuevo.",
    llm_timeout: "El modelo de lenguaje tardó demasiado en responder.",
    llm_bad_response: "El modelo de lenguaje envió una respuesta que no se pudo interpretar.",
    llm_auth: "El servicio del modelo de lenguaje rechazó la clave de API. Revisa LLM_API_KEY."
  },
  internalError: "Un error interno detuvo esta ejecución.",
  cancelled: "La ejecución fue cancelada.",
  shuttingDown: "El servidor se está apagando; esta ejecución se detuvo.",
  closeCompleted: "Transmisión completada.",
  closeFailed: "La transmisión terminó tras un error.",
  closeCancelled: "La transmisión terminó: la ejecución fue cancelada.",
  replayGap: (first) => `Algunos eventos anteriores ya no se conservan; la reproducción continúa desde el evento ${first}.`
}

const fr: Messages = {
  thinking: "J'analyse votre demande…",
  roundLimit: (max) =>
    `J'ai utilisé les ${max} étapes de planification disponibles pour une réponse, je m'arrête donc ici. Dites-moi comment vous souhaitez continuer et je reprendrai à partir de ce point.`,
  toolStarting: (name) => `Démarrage de ${name}…`,
  toolCompleted: (name) => `${name} est terminé`,
  toolFailed: (name) => `${name} a échoué`,
  toolUnknown: (name, available) => `Aucun outil ne s'appelle « ${name} ». Outils disponibles : ${list(available, ", ") || "aucun"}.`,
  toolBadJson: (detail) => `Les arguments de l'outil ne sont pas du JSON valide (${detail}).`,
  toolCancelled: "L'outil a été arrêté car l'exécution a été annulée.",
  llmError: {
    llm_unavailable: "Le service du modèle de langage est indisponible pour le moment. Réessayez dans un instant.",
    llm_rate_limited: "Le service du modèle de langage limite les requêtes. Patientez un instant puis réessayez.",
    llm_timeout: "Le modèle de langage a mis trop de temps à répondre.",
    llm_bad_response: "Le modèle de langage a envoyé une réponse incompréhensible.",
    llm_auth: "Le service du modèle de langage a refusé la clé d'API. Vérifiez LLM_API_KEY."
  },
  internalError: "Une erreur interne a interrompu cette exécution.",
  cancelled: "L'exécution a été annulée.",
  shuttingDown: "Le serveur s'arrête ; cette exécution a été interrompue.",
  closeCompleted: "Flux terminé.",
  closeFailed: "Le flux s'est terminé après une erreur.",
  closeCancelled: "Flux terminé : l'exécution a été annulée.",
  replayGap: (first) => `Certains événements antérieurs ne sont plus conservés ; la relecture reprend à l'événement ${first}.`
}

export const messages: Readonly<Record<Language, Messages>> = { en, zh, ja, es, fr }

export const t = (language: Language): Messages => messages[language]
