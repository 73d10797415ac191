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
  readonly toolBadArguments: (detail: string) => string
  readonly toolCancelled: string
  readonly llmError: Readonly<Record<"llm_unavailable" | "llm_rate_limited" | "llm_timeout" | "llm_bad_response" | "llm_auth", string>>
  readonly internalError: string
  readonly cancelled: string
  readonly shuttingDown: string
  readonly closeCompleted: string
  readonly closeFailed: string
  readonly closeCancelled: string
  readonly replayGap: (first: number) => string
  /** The server running a run stopped answering (it crashed or was killed) before finishing it. */
  readonly instanceLost: string
  /** How the four planning tools are called in messages to users (other tools keep their name). */
  readonly toolLabels: Readonly<Record<"short_planning" | "tool_recommend" | "research" | "design", string>>
  readonly planning: {
    readonly drafting: string
    readonly refining: (points: number) => string
    readonly technical: string
    readonly empty: string
  }
  readonly recommend: {
    readonly searching: (query: string) => string
    readonly found: (count: number) => string
    readonly filtering: (count: number) => string
    readonly filterFailed: string
    readonly nothingFound: (query: string) => string
  }
  readonly research: {
    readonly starting: (keywords: number) => string
    readonly searching: (keyword: string) => string
    readonly reading: (keyword: string, pages: number) => string
    readonly analysing: (keyword: string) => string
    readonly done: (keyword: string) => string
    readonly failed: (keyword: string) => string
    readonly searchFailed: (status: number | undefined) => string
    readonly readFailed: string
    readonly noResults: string
    readonly timedOut: string
    readonly unreadableAnalysis: string
    readonly allFailed: string
    readonly summary: (succeeded: number, total: number) => string
  }
  readonly design: {
    readonly needsPlan: string
    readonly writingQuick: string
    readonly stage: (step: number, total: number, name: string) => string
    readonly stageNames: Readonly<Record<"requirements" | "architecture" | "flows" | "dataModel" | "components" | "complete", string>>
    readonly component: (name: string, index: number, count: number) => string
    readonly emptyDocument: (filename: string) => string
    readonly completeTitle: (system: string) => string
    readonly contents: string
    readonly componentTitle: (system: string) => string
    readonly generatedBy: string
  }
}

const list = (names: ReadonlyArray<string>, sep: string) => names.join(sep)

/** A tool's name as users read it: the planning tools are translated, other tools keep their name. */
const labelIn = (labels: Messages["toolLabels"]) => (name: string): string =>
  Object.hasOwn(labels, name) ? labels[name as keyof Messages["toolLabels"]] : name

const en: Messages = {
  thinking: "Thinking about your request…",
  roundLimit: (max) =>
    `I have used all ${max} planning steps available for one reply, so I am stopping here. Tell me how you would like to continue and I will pick it up from this point.`,
  toolStarting: (name) => `Starting ${name}…`,
  toolCompleted: (name) => `${name} finished`,
  toolFailed: (name) => `${name} failed`,
  toolUnknown: (name, available) => `There is no tool named "${name}". Available tools: ${list(available, ", ") || "none"}.`,
  toolBadJson: (detail) => `The tool arguments are not valid JSON (${detail}).`,
  toolBadArguments: (detail) => `The tool arguments are invalid: ${detail}`,
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
  replayGap: (first) => `Some earlier events are no longer retained; replay continues from event ${first}.`,
  instanceLost: "The server running this conversation stopped before it finished; please send your message again.",
  toolLabels: { short_planning: "planning", tool_recommend: "building-block search", research: "web research", design: "design" },
  planning: {
    drafting: "Drafting the implementation plan…",
    refining: (points) => `Revising the plan with ${points} improvement point${points === 1 ? "" : "s"}…`,
    technical: "Updating the plan with the chosen building blocks…",
    empty: "The model returned an empty plan."
  },
  recommend: {
    searching: (query) => `Searching the building-block catalog for “${query}”…`,
    found: (count) => `Found ${count} candidate${count === 1 ? "" : "s"}.`,
    filtering: (count) => `Checking which of the ${count} candidates fit the project…`,
    filterFailed: "The model's selection could not be used; keeping the search ranking.",
    nothingFound: (query) => `No building block in the catalog matches “${query}”. Try other words.`
  },
  research: {
    starting: (keywords) => `Researching ${keywords} keyword${keywords === 1 ? "" : "s"}…`,
    searching: (keyword) => `Searching the web for “${keyword}”…`,
    reading: (keyword, pages) => `Reading ${pages} page${pages === 1 ? "" : "s"} about “${keyword}”…`,
    analysing: (keyword) => `Analysing what was found about “${keyword}”…`,
    done: (keyword) => `Research on “${keyword}” finished.`,
    failed: (keyword) => `Research on “${keyword}” failed.`,
    searchFailed: (status) => (status === undefined ? "The web search failed." : `The web search failed (HTTP ${status}).`),
    readFailed: "None of the pages found could be read.",
    noResults: "The web search found nothing.",
    timedOut: "The web search did not answer in time.",
    unreadableAnalysis: "The model's analysis of the pages could not be read.",
    allFailed: "The research failed for every keyword.",
    summary: (succeeded, total) => `Researched ${succeeded} of ${total} keywords.`
  },
  design: {
    needsPlan: "There is no plan yet. Agree the scope with the user and create a plan (short_planning) before calling design.",
    writingQuick: "Writing the design document…",
    stage: (step, total, name) => `Stage ${step}/${total}: ${name}…`,
    stageNames: {
      requirements: "requirements analysis",
      architecture: "architecture",
      flows: "key flows",
      dataModel: "data model and interfaces",
      components: "component design",
      complete: "assembling the complete design"
    },
    component: (name, index, count) => `Designing component ${index}/${count}: ${name}…`,
    emptyDocument: (filename) => `The model returned an empty ${filename}.`,
    completeTitle: (system) => `Complete design: ${system}`,
    contents: "Contents",
    componentTitle: (system) => `Component design: ${system}`,
    generatedBy: "Generated by GTPlanner from the agreed plan, the recommended building blocks and the research findings."
  }
}

const zh: Messages = {
  thinking: "正在思考您的需求…",
  roundLimit: (max) => `本次回复已用完全部 ${max} 个规划步骤，因此先在这里停下。请告诉我您希望如何继续，我会从这里接着进行。`,
  toolStarting: (name) => `正在启动“${name}”…`,
  toolCompleted: (name) => `“${name}”已完成`,
  toolFailed: (name) => `“${name}”执行失败`,
  toolUnknown: (name, available) => `不存在名为“${name}”的工具。可用的工具：${list(available, "、") || "无"}。`,
  toolBadJson: (detail) => `工具参数不是有效的 JSON（${detail}）。`,
  toolBadArguments: (detail) => `工具参数无效：${detail}`,
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
  replayGap: (first) => `部分较早的事件已不再保留，将从事件 ${first} 继续重放。`,
  instanceLost: "处理本次对话的服务器在完成前停止了运行，请重新发送您的消息。",
  toolLabels: { short_planning: "规划", tool_recommend: "构建模块检索", research: "网络调研", design: "设计" },
  planning: {
    drafting: "正在起草实施规划…",
    refining: (points) => `正在根据 ${points} 条改进意见修订规划…`,
    technical: "正在结合选定的构建模块更新规划…",
    empty: "模型返回了空的规划。"
  },
  recommend: {
    searching: (query) => `正在构建模块目录中检索“${query}”…`,
    found: (count) => `找到 ${count} 个候选项。`,
    filtering: (count) => `正在判断 ${count} 个候选项中哪些适合本项目…`,
    filterFailed: "无法使用模型的筛选结果，保留检索排序。",
    nothingFound: (query) => `目录中没有与“${query}”匹配的构建模块，请换个说法再试。`
  },
  research: {
    starting: (keywords) => `正在调研 ${keywords} 个关键词…`,
    searching: (keyword) => `正在网上搜索“${keyword}”…`,
    reading: (keyword, pages) => `正在阅读关于“${keyword}”的 ${pages} 个网页…`,
    analysing: (keyword) => `正在分析关于“${keyword}”的发现…`,
    done: (keyword) => `“${keyword}”的调研已完成。`,
    failed: (keyword) => `“${keyword}”的调研失败。`,
    searchFailed: (status) => (status === undefined ? "网络搜索失败。" : `网络搜索失败（HTTP ${status}）。`),
    readFailed: "找到的网页都无法读取。",
    noResults: "网络搜索没有找到任何结果。",
    timedOut: "网络搜索未能及时响应。",
    unreadableAnalysis: "无法读取模型对网页的分析结果。",
    allFailed: "所有关键词的调研都失败了。",
    summary: (succeeded, total) => `已完成 ${total} 个关键词中 ${succeeded} 个的调研。`
  },
  design: {
    needsPlan: "还没有规划。请先与用户确定范围并创建规划（short_planning），再调用 design。",
    writingQuick: "正在撰写设计文档…",
    stage: (step, total, name) => `第 ${step}/${total} 阶段：${name}…`,
    stageNames: {
      requirements: "需求分析",
      architecture: "架构设计",
      flows: "关键流程",
      dataModel: "数据模型与接口",
      components: "组件设计",
      complete: "汇总完整设计"
    },
    component: (name, index, count) => `正在设计第 ${index}/${count} 个组件：${name}…`,
    emptyDocument: (filename) => `模型返回的 ${filename} 为空。`,
    completeTitle: (system) => `完整设计：${system}`,
    contents: "目录",
    componentTitle: (system) => `组件设计：${system}`,
    generatedBy: "由 GTPlanner 根据确定的规划、推荐的构建模块和调研结论生成。"
  }
}

const ja: Messages = {
  thinking: "ご要望を検討しています…",
  roundLimit: (max) =>
    `1 回の応答で使える ${max} 回の計画ステップをすべて使い切ったため、ここで一度止めます。どのように進めたいか教えていただければ、ここから続けます。`,
  toolStarting: (name) => `「${name}」を開始しています…`,
  toolCompleted: (name) => `「${name}」が完了しました`,
  toolFailed: (name) => `「${name}」が失敗しました`,
  toolUnknown: (name, available) => `「${name}」という名前のツールはありません。利用できるツール：${list(available, "、") || "なし"}。`,
  toolBadJson: (detail) => `ツールの引数が有効な JSON ではありません（${detail}）。`,
  toolBadArguments: (detail) => `ツールの引数が正しくありません：${detail}`,
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
  replayGap: (first) => `以前のイベントの一部は保持されていません。イベント ${first} から再生を続けます。`,
  instanceLost: "この会話を処理していたサーバーが完了前に停止しました。メッセージをもう一度送信してください。",
  toolLabels: { short_planning: "計画作成", tool_recommend: "ビルディングブロック検索", research: "ウェブ調査", design: "設計" },
  planning: {
    drafting: "実装計画の草案を作成しています…",
    refining: (points) => `${points} 件の改善点を反映して計画を見直しています…`,
    technical: "選定したビルディングブロックで計画を更新しています…",
    empty: "モデルが空の計画を返しました。"
  },
  recommend: {
    searching: (query) => `ビルディングブロックのカタログで「${query}」を検索しています…`,
    found: (count) => `候補が ${count} 件見つかりました。`,
    filtering: (count) => `${count} 件の候補のうちプロジェクトに合うものを確認しています…`,
    filterFailed: "モデルの選定結果を使えなかったため、検索の順位をそのまま使います。",
    nothingFound: (query) => `カタログに「${query}」に合うビルディングブロックはありません。別の言葉で試してください。`
  },
  research: {
    starting: (keywords) => `${keywords} 個のキーワードを調査しています…`,
    searching: (keyword) => `「${keyword}」をウェブで検索しています…`,
    reading: (keyword, pages) => `「${keyword}」に関するページを ${pages} 件読んでいます…`,
    analysing: (keyword) => `「${keyword}」について分かったことを分析しています…`,
    done: (keyword) => `「${keyword}」の調査が完了しました。`,
    failed: (keyword) => `「${keyword}」の調査に失敗しました。`,
    searchFailed: (status) => (status === undefined ? "ウェブ検索に失敗しました。" : `ウェブ検索に失敗しました（HTTP ${status}）。`),
    readFailed: "見つかったページをどれも読み込めませんでした。",
    noResults: "ウェブ検索で何も見つかりませんでした。",
    timedOut: "ウェブ検索が時間内に応答しませんでした。",
    unreadableAnalysis: "ページに対するモデルの分析結果を読み取れませんでした。",
    allFailed: "すべてのキーワードで調査に失敗しました。",
    summary: (succeeded, total) => `${total} 個中 ${succeeded} 個のキーワードを調査しました。`
  },
  design: {
    needsPlan: "まだ計画がありません。design を呼び出す前に、ユーザーと範囲を合意して計画（short_planning）を作成してください。",
    writingQuick: "設計ドキュメントを書いています…",
    stage: (step, total, name) => `ステージ ${step}/${total}：${name}…`,
    stageNames: {
      requirements: "要件分析",
      architecture: "アーキテクチャ",
      flows: "主要フロー",
      dataModel: "データモデルとインターフェース",
      components: "コンポーネント設計",
      complete: "設計書全体のとりまとめ"
    },
    component: (name, index, count) => `コンポーネント ${index}/${count} を設計しています：${name}…`,
    emptyDocument: (filename) => `モデルが空の ${filename} を返しました。`,
    completeTitle: (system) => `設計書（完全版）：${system}`,
    contents: "目次",
    componentTitle: (system) => `コンポーネント設計：${system}`,
    generatedBy: "合意した計画、推薦されたビルディングブロック、調査結果をもとに GTPlanner が作成しました。"
  }
}

const es: Messages = {
  thinking: "Analizando tu solicitud…",
  roundLimit: (max) =>
    `He usado los ${max} pasos de planificación disponibles para una respuesta, así que me detengo aquí. Dime cómo quieres continuar y seguiré desde este punto.`,
  toolStarting: (name) => `Iniciando «${name}»…`,
  toolCompleted: (name) => `«${name}» ha terminado`,
  toolFailed: (name) => `«${name}» ha fallado`,
  toolUnknown: (name, available) => `No existe ninguna herramienta llamada "${name}". Herramientas disponibles: ${list(available, ", ") || "ninguna"}.`,
  toolBadJson: (detail) => `Los argumentos de la herramienta no son JSON válido (${detail}).`,
  toolBadArguments: (detail) => `Los argumentos de la herramienta no son válidos: ${detail}`,
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
  replayGap: (first) => `Algunos eventos anteriores ya no se conservan; la reproducción continúa desde el evento ${first}.`,
  instanceLost: "El servidor que procesaba esta conversación se detuvo antes de terminar; vuelve a enviar tu mensaje.",
  toolLabels: { short_planning: "planificación", tool_recommend: "búsqueda de componentes", research: "investigación web", design: "diseño" },
  planning: {
    drafting: "Redactando el plan de implementación…",
    refining: (points) => `Revisando el plan con ${points} punto${points === 1 ? "" : "s"} de mejora…`,
    technical: "Actualizando el plan con los componentes elegidos…",
    empty: "El modelo devolvió un plan vacío."
  },
  recommend: {
    searching: (query) => `Buscando «${query}» en el catálogo de componentes…`,
    found: (count) => `${count} candidato${count === 1 ? "" : "s"} encontrado${count === 1 ? "" : "s"}.`,
    filtering: (count) => `Comprobando cuáles de los ${count} candidatos encajan en el proyecto…`,
    filterFailed: "No se pudo usar la selección del modelo; se mantiene el orden de la búsqueda.",
    nothingFound: (query) => `Ningún componente del catálogo coincide con «${query}». Prueba con otras palabras.`
  },
  research: {
    starting: (keywords) => `Investigando ${keywords} palabra${keywords === 1 ? "" : "s"} clave…`,
    searching: (keyword) => `Buscando «${keyword}» en la web…`,
    reading: (keyword, pages) => `Leyendo ${pages} página${pages === 1 ? "" : "s"} sobre «${keyword}»…`,
    analysing: (keyword) => `Analizando lo encontrado sobre «${keyword}»…`,
    done: (keyword) => `Investigación sobre «${keyword}» terminada.`,
    failed: (keyword) => `La investigación sobre «${keyword}» ha fallado.`,
    searchFailed: (status) => (status === undefined ? "La búsqueda web ha fallado." : `La búsqueda web ha fallado (HTTP ${status}).`),
    readFailed: "No se pudo leer ninguna de las páginas encontradas.",
    noResults: "La búsqueda web no encontró nada.",
    timedOut: "La búsqueda web no respondió a tiempo.",
    unreadableAnalysis: "No se pudo leer el análisis de las páginas hecho por el modelo.",
    allFailed: "La investigación ha fallado para todas las palabras clave.",
    summary: (succeeded, total) => `Investigadas ${succeeded} de ${total} palabras clave.`
  },
  design: {
    needsPlan: "Todavía no hay plan. Acuerda el alcance con el usuario y crea un plan (short_planning) antes de llamar a design.",
    writingQuick: "Redactando el documento de diseño…",
    stage: (step, total, name) => `Etapa ${step}/${total}: ${name}…`,
    stageNames: {
      requirements: "análisis de requisitos",
      architecture: "arquitectura",
      flows: "flujos clave",
      dataModel: "modelo de datos e interfaces",
      components: "diseño de componentes",
      complete: "montaje del diseño completo"
    },
    component: (name, index, count) => `Diseñando el componente ${index}/${count}: ${name}…`,
    emptyDocument: (filename) => `El modelo devolvió ${filename} vacío.`,
    completeTitle: (system) => `Diseño completo: ${system}`,
    contents: "Índice",
    componentTitle: (system) => `Diseño de componentes: ${system}`,
    generatedBy: "Generado por GTPlanner a partir del plan acordado, los componentes recomendados y los hallazgos de la investigación."
  }
}

const fr: Messages = {
  thinking: "J'analyse votre demande…",
  roundLimit: (max) =>
    `J'ai utilisé les ${max} étapes de planification disponibles pour une réponse, je m'arrête donc ici. Dites-moi comment vous souhaitez continuer et je reprendrai à partir de ce point.`,
  toolStarting: (name) => `Démarrage : ${name}…`,
  toolCompleted: (name) => `Terminé : ${name}`,
  toolFailed: (name) => `Échec : ${name}`,
  toolUnknown: (name, available) => `Aucun outil ne s'appelle « ${name} ». Outils disponibles : ${list(available, ", ") || "aucun"}.`,
  toolBadJson: (detail) => `Les arguments de l'outil ne sont pas du JSON valide (${detail}).`,
  toolBadArguments: (detail) => `Les arguments de l'outil ne sont pas valides : ${detail}`,
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
  replayGap: (first) => `Certains événements antérieurs ne sont plus conservés ; la relecture reprend à l'événement ${first}.`,
  instanceLost: "Le serveur qui traitait cette conversation s'est arrêté avant la fin ; renvoyez votre message.",
  toolLabels: { short_planning: "planification", tool_recommend: "recherche de briques", research: "recherche web", design: "conception" },
  planning: {
    drafting: "Rédaction du plan de mise en œuvre…",
    refining: (points) => `Révision du plan avec ${points} point${points === 1 ? "" : "s"} d'amélioration…`,
    technical: "Mise à jour du plan avec les briques choisies…",
    empty: "Le modèle a renvoyé un plan vide."
  },
  recommend: {
    searching: (query) => `Recherche de « ${query} » dans le catalogue de briques…`,
    found: (count) => `${count} candidat${count === 1 ? "" : "s"} trouvé${count === 1 ? "" : "s"}.`,
    filtering: (count) => `Vérification des ${count} candidats adaptés au projet…`,
    filterFailed: "La sélection du modèle est inutilisable ; le classement de la recherche est conservé.",
    nothingFound: (query) => `Aucune brique du catalogue ne correspond à « ${query} ». Essayez d'autres mots.`
  },
  research: {
    starting: (keywords) => `Recherche sur ${keywords} mot${keywords === 1 ? "" : "s"}-clé${keywords === 1 ? "" : "s"}…`,
    searching: (keyword) => `Recherche de « ${keyword} » sur le web…`,
    reading: (keyword, pages) => `Lecture de ${pages} page${pages === 1 ? "" : "s"} sur « ${keyword} »…`,
    analysing: (keyword) => `Analyse des résultats sur « ${keyword} »…`,
    done: (keyword) => `Recherche sur « ${keyword} » terminée.`,
    failed: (keyword) => `La recherche sur « ${keyword} » a échoué.`,
    searchFailed: (status) => (status === undefined ? "La recherche web a échoué." : `La recherche web a échoué (HTTP ${status}).`),
    readFailed: "Aucune des pages trouvées n'a pu être lue.",
    noResults: "La recherche web n'a rien trouvé.",
    timedOut: "La recherche web n'a pas répondu à temps.",
    unreadableAnalysis: "L'analyse des pages par le modèle est illisible.",
    allFailed: "La recherche a échoué pour tous les mots-clés.",
    summary: (succeeded, total) => `${succeeded} mot(s)-clé(s) sur ${total} étudié(s).`
  },
  design: {
    needsPlan: "Il n'y a pas encore de plan. Validez le périmètre avec l'utilisateur et créez un plan (short_planning) avant d'appeler design.",
    writingQuick: "Rédaction du document de conception…",
    stage: (step, total, name) => `Étape ${step}/${total} : ${name}…`,
    stageNames: {
      requirements: "analyse des besoins",
      architecture: "architecture",
      flows: "flux clés",
      dataModel: "modèle de données et interfaces",
      components: "conception des composants",
      complete: "assemblage de la conception complète"
    },
    component: (name, index, count) => `Conception du composant ${index}/${count} : ${name}…`,
    emptyDocument: (filename) => `Le modèle a renvoyé un ${filename} vide.`,
    completeTitle: (system) => `Conception complète : ${system}`,
    contents: "Sommaire",
    componentTitle: (system) => `Conception des composants : ${system}`,
    generatedBy: "Produit par GTPlanner à partir du plan validé, des briques recommandées et des résultats de la recherche."
  }
}

/** Tool messages name the planning tools by their translated label. */
const withLabels = (m: Messages): Messages => {
  const label = labelIn(m.toolLabels)
  return {
    ...m,
    toolStarting: (name) => m.toolStarting(label(name)),
    toolCompleted: (name) => m.toolCompleted(label(name)),
    toolFailed: (name) => m.toolFailed(label(name))
  }
}

export const messages: Readonly<Record<Language, Messages>> = {
  en: withLabels(en),
  zh: withLabels(zh),
  ja: withLabels(ja),
  es: withLabels(es),
  fr: withLabels(fr)
}

export const t = (language: Language): Messages => messages[language]
