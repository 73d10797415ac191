/** The demo model's words in Spanish. */
import type { DemoPhrases } from "./DemoPhrases.js"

export const es: DemoPhrases = {
  demoNotice:
    "**Modo demostración**: no hay ningún modelo configurado (define `LLM_BASE_URL`, `LLM_API_KEY` y `LLM_MODEL`), así que responde el modelo guionizado integrado en GTPlanner. Los pasos de planificación y los documentos que siguen los produce la cadena de planificación real a partir de tus propias palabras.",
  planning: (idea) => `Voy a convertir tu idea en un plan paso a paso: _${idea}_.`,
  revising: "Voy a revisar el plan con tus comentarios.",
  recommending: "El alcance está claro. Ahora buscaré los componentes que encajan.",
  designing: (deep) => (deep ? "Ahora redactaré el diseño profundo, etapa por etapa." : "Ahora redactaré el documento de diseño."),
  done: (files) =>
    `Listo: ${files.map((f) => `\`${f}\``).join(", ")} ${files.length === 1 ? "ya se puede descargar" : "ya se pueden descargar"}. Pide un **diseño profundo** para obtener seis documentos por etapas, o dime qué cambiar en el plan.`,
  stepFailed: (error) => `Un paso no ha funcionado: ${error} Dime cómo quieres continuar.`,
  fallback: (idea) => `Cuéntame qué quieres construir y lo planificamos juntos. Escribiste: _${idea}_`,
  namePrefixes: [/^(por favor,?\s+)?(¿?puedes\s+)?(ayúdame a\s+)?(diseña|diseñar|diseñame|diséñame|crea|crear|construye|construir|desarrolla|desarrollar|planifica|planificar)\s+(un|una|el|la|mi)?\s*/i, /^(quiero|necesito)\s+(construir\s+|crear\s+)?(un|una)?\s*/i],
  nameSuffixes: [],
  deepWords: /profund|detallad/i,

  purpose: (system, idea) => `${system}: un sistema construido a partir de la petición «${idea}». Este plan enumera qué construir, en orden, y cuándo está terminado cada paso.`,
  steps: (system) => [
    ["Cuentas y roles", `Los usuarios pueden registrarse, iniciar y cerrar sesión en ${system}; los administradores tienen su propio rol. Terminado cuando cada rol ve solo lo que le corresponde.`],
    ["Datos principales", `Los registros principales de ${system} se pueden crear, listar, ver, modificar y borrar. Terminado cuando cada cambio se valida y se guarda.`],
    ["Recorrido principal del usuario", "Un usuario completa la tarea central de principio a fin. Terminado cuando el recorrido funciona completo en móvil y en escritorio."],
    ["Búsqueda y navegación", "Los usuarios encuentran registros por palabra clave y filtros, con resultados paginados. Terminado cuando una búsqueda responde en menos de un segundo con datos realistas."],
    ["Notificaciones", "Los usuarios reciben un correo cuando ocurre algo importante en sus registros. Terminado cuando el envío se reintenta y nunca bloquea una petición."],
    ["Administración", "Los administradores gestionan usuarios y contenidos y ven cifras básicas de actividad. Terminado cuando cada acción de administración queda registrada."],
    ["Fiabilidad y supervisión", "Los errores se notifican, las peticiones lentas se ven y hay copias de seguridad diarias. Terminado cuando una alerta llega al equipo en minutos."],
    ["Lanzamiento", "El sistema se despliega en producción con un proceso de publicación documentado. Terminado cuando una publicación se puede repetir y revertir."]
  ],
  integrateStep: (names) => ["Integrar los componentes", `Conectar ${names}, cada uno tras un pequeño adaptador con su configuración en el entorno. Terminado cuando cada uno tiene una prueba de integración.`],
  feedbackStep: (point) => ["Cambio solicitado", `${point}. Terminado cuando el usuario confirma que funciona como pidió.`],
  outOfScopeTitle: "Fuera de alcance",
  outOfScope: ["Aplicaciones móviles nativas (la web funciona en el móvil)", "Modo sin conexión", "Varios idiomas en la primera versión"],

  reason: (name, system) => `${name} cubre esta necesidad de ${system} sin tener que desarrollarla.`,
  researchSummary: (keyword, sources, system) => `Se leyeron ${sources} fuente${sources === 1 ? "" : "s"} sobre «${keyword}». Explican cómo se configura y se usa, algo importante para ${system}.`,
  researchAdvice: (keyword) => [`Haz pronto un prototipo de «${keyword}» con credenciales reales en una cuenta de pruebas.`, "Comprueba límites y precios frente al tráfico previsto antes de comprometerte."],

  h: {
    design: (system) => `Diseño de ${system}`,
    requirements: (system) => `Análisis de requisitos: ${system}`,
    architecture: (system) => `Arquitectura: ${system}`,
    flows: (system) => `Flujos clave: ${system}`,
    dataModel: (system) => `Modelo de datos e interfaces: ${system}`,
    overview: "Visión general",
    goals: "Objetivos",
    nonGoals: "No objetivos",
    goalsAndNonGoals: "Objetivos y no objetivos",
    users: "Usuarios y roles",
    features: "Funciones",
    usersAndFeatures: "Usuarios y funciones",
    nfr: "Requisitos no funcionales",
    constraints: "Restricciones y supuestos",
    architectureSection: "Arquitectura",
    components: "Componentes",
    blocks: "Componentes externos elegidos",
    componentDiagram: "Diagrama de componentes",
    keyFlows: "Flujos clave",
    dataModelSection: "Modelo de datos",
    relationships: "Relaciones",
    interfaces: "Interfaces y APIs",
    errorHandling: "Gestión de errores",
    security: "Seguridad",
    deployment: "Despliegue",
    testing: "Pruebas",
    milestones: "Hitos",
    openQuestions: "Preguntas abiertas",
    responsibility: "Responsabilidad",
    interface: "Interfaz",
    internal: "Diseño interno",
    data: "Datos que posee o lee"
  },
  table: {
    feature: "Función",
    description: "Descripción",
    priority: "Prioridad",
    component: "Componente",
    responsibility: "Responsabilidad",
    talksTo: "Se comunica con",
    field: "Campo",
    type: "Tipo",
    required: "Obligatorio",
    notes: "Notas",
    endpoint: "Endpoint",
    input: "Entrada",
    output: "Salida",
    yes: "sí",
    no: "no"
  },
  overviewText: (system, idea) =>
    `${system} responde a esta petición: «${idea}». Es una aplicación web con una API, un proceso de tareas en segundo plano y una base de datos relacional, y usa servicios externos probados para todo lo que no es propio del producto.`,
  userRoles: [
    ["Visitante", "consulta el contenido público sin cuenta"],
    ["Usuario registrado", "usa las funciones principales y gestiona sus propios registros"],
    ["Administrador", "gestiona usuarios y contenidos y vigila la actividad"]
  ],
  nfrs: [
    "Rendimiento: el 95 % de las peticiones a la API responde en menos de 300 ms con 50 peticiones por segundo.",
    "Disponibilidad: 99,5 % al mes; el mantenimiento planificado se anuncia con antelación.",
    "Privacidad: los datos personales se guardan en una sola región, cifrados en reposo y se borran a petición.",
    "Escala: la primera versión atiende a 10 000 usuarios registrados."
  ],
  constraintsList: ["Lo construye y opera un equipo pequeño.", "Se prefieren servicios gestionados a los autoalojados.", "Al principio todo se ejecuta en una sola región de la nube."],
  architectureText:
    "Un monolito modular: un servicio de API contiene la lógica de negocio, un proceso en segundo plano ejecuta las tareas lentas desde una cola y una única base de datos es la fuente de verdad. Así el despliegue es sencillo mientras el producto es joven, y el proceso en segundo plano puede escalarse por separado.",
  comp: {
    web: ["Cliente web", "Páginas y formularios con los que interactúan los usuarios; llama a la API."],
    api: ["Servicio de API", "Autentica las peticiones, valida la entrada y aplica las reglas de negocio."],
    worker: ["Proceso en segundo plano", "Envía notificaciones y ejecuta tareas lentas o reintentables."],
    db: ["Base de datos", "Guarda usuarios, registros y eventos; la fuente de verdad."]
  },
  noBlocks: "Todavía no se eligieron componentes externos; los componentes anteriores se construyen con las herramientas habituales del equipo.",
  chosenBecause: "Por qué",
  flow: {
    user: "Usuario",
    valid: "¿Entrada válida?",
    yes: "sí",
    no: "no",
    showError: "Mostrar el error",
    save: "Guardar el registro",
    confirm: "Mostrar confirmación",
    enqueue: "Encolar una tarea",
    notify: "Notificar al usuario",
    signIn: "Iniciar sesión",
    session: "Crear la sesión",
    retry: "Reintentar más tarde",
    mainTitle: "Recorrido principal del usuario",
    mainText: "Empieza cuando un usuario envía el formulario central; termina con el registro guardado y confirmado.",
    backgroundTitle: "Notificación en segundo plano",
    backgroundText: "Empieza al guardarse un registro; termina con el usuario notificado o la tarea reintentada.",
    signInTitle: "Inicio de sesión",
    signInText: "Empieza cuando un usuario inicia sesión; termina con una sesión o un rechazo claro.",
    failures: [
      "Entrada no válida: la API responde 400 con los campos erróneos y no guarda nada.",
      "Un proveedor no responde a tiempo: la tarea se reintenta con espera creciente y luego pasa a una lista de mensajes fallidos.",
      "La base de datos no está disponible: la API responde 503 y el cliente ofrece reintentar."
    ]
  },
  entities: {
    user: "Usuario",
    item: "Registro",
    event: "Evento",
    userNotes: ["único, en minúsculas", "se muestra en la interfaz", "visitante, usuario o administrador"],
    itemNotes: ["el propietario", "lo que buscan los usuarios", "borrador, activo o archivado"],
    eventNotes: ["qué ocurrió", "el registro afectado", "cuándo ocurrió"],
    relations: ["Un usuario posee muchos registros.", "Un registro tiene muchos eventos.", "Los eventos nunca se modifican, solo se añaden."]
  },
  apiNotes: ["Iniciar sesión", "Listar registros (búsqueda, filtros, páginas)", "Crear un registro", "Modificar un registro", "Borrar un registro"],
  errorHandlingList: [
    "Toda respuesta de error es JSON `{error: {code, message}}` con un código estable.",
    "Las llamadas a servicios externos tienen tiempo límite y reintentos con espera exponencial; las tareas fallidas van a una lista de mensajes fallidos.",
    "Los errores inesperados se registran con un identificador de petición y se envían al seguimiento de errores; el usuario ve un mensaje breve con ese identificador."
  ],
  securityList: [
    "El producto nunca guarda contraseñas en claro; el inicio de sesión pasa por el proveedor de autenticación elegido o por un hash robusto.",
    "Cada endpoint comprueba el rol de quien llama; los usuarios solo acceden a sus propios registros.",
    "Los secretos están en variables de entorno, nunca en el código; HTTPS en todas partes.",
    "La entrada se valida en el servidor; la salida se escapa en el cliente."
  ],
  deploymentList: [
    "Contenedores para el servicio de API y el proceso en segundo plano, construidos por la CI en cada fusión.",
    "Entornos de preproducción y producción con la misma configuración y distintos secretos.",
    "Las migraciones de base de datos se ejecutan antes de cada publicación; copias diarias y restauración probada cada mes."
  ],
  testingList: ["Pruebas unitarias de las reglas de negocio y la validación.", "Pruebas de integración contra una base de datos real y los modos de prueba de los servicios externos.", "Pruebas de extremo a extremo del recorrido principal en un navegador en cada publicación."],
  milestonesList: (system) => [
    `H1: cuentas, datos principales y recorrido principal de ${system} funcionando en preproducción.`,
    "H2: búsqueda, notificaciones y administración; pruebas de integración en verde.",
    "H3: supervisión, copias de seguridad y una publicación ensayada; lanzamiento en producción."
  ],
  openQuestionsList: (system) => [`¿Para cuántos usuarios y registros debe prepararse ${system} en su primer año?`, "¿Qué datos personales son necesarios y cuánto tiempo hay que conservarlos?", "¿Quién opera el sistema y atiende las alertas?"],
  componentInternal: (name) => `${name} se divide en una capa de transporte fina, una capa de servicio con las reglas de negocio y una capa de repositorio para el almacenamiento; cada capa se prueba por separado.`,
  componentTests: (name) => `Pruebas unitarias de las reglas de ${name}; pruebas de integración a través de su interfaz con almacenamiento real.`,
  componentErrors: "La entrada no válida se rechaza con un mensaje claro; las dependencias que fallan se reintentan con espera creciente y después se notifican."
}
