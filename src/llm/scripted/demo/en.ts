/** The demo model's words in English. */
import type { DemoPhrases } from "./DemoPhrases.js"

export const en: DemoPhrases = {
  demoNotice:
    "**Demo mode**: no model is configured (set `LLM_BASE_URL`, `LLM_API_KEY` and `LLM_MODEL`), so GTPlanner's built-in scripted model is answering. The planning steps and documents below are produced by the real planning pipeline from your own words.",
  planning: (idea) => `Let me turn your idea into a step-by-step plan: _${idea}_.`,
  revising: "I'll revise the plan with your feedback.",
  recommending: "The scope is clear. Next I'll look for building blocks that fit it.",
  designing: (deep) => (deep ? "Now I'll write the deep design, stage by stage." : "Now I'll write the design document."),
  done: (files) =>
    `Done: ${files.map((f) => `\`${f}\``).join(", ")} ${files.length === 1 ? "is" : "are"} ready to download. Ask for a **deep design** to get six staged documents, or tell me what to change in the plan.`,
  stepFailed: (error) => `One step did not work: ${error} Tell me how you would like to continue.`,
  fallback: (idea) => `Tell me what you would like to build and I will plan it with you. You wrote: _${idea}_`,
  namePrefixes: [/^(please\s+)?(can you\s+)?(help me\s+)?(to\s+)?(design|build|create|make|plan|develop|write)\s+(me\s+)?(an?|the|my|our)?\s*/i, /^i\s+(want|need|would like)\s+(to\s+build\s+)?(an?|the)?\s*/i],
  nameSuffixes: [/\s+(system|app|application)\s*$/i],
  deepWords: /\bdeep\b|\bdetailed\b|\bin depth\b/i,

  purpose: (system, idea) => `${system}: a system built from the request "${idea}". This plan lists what to build, in order, and when each step is done.`,
  steps: (system) => [
    ["Accounts and roles", `Users can sign up, sign in and sign out of ${system}; administrators have their own role. Done when each role sees only what it may.`],
    ["Core data", `The main records of ${system} can be created, listed, viewed, changed and deleted. Done when every change is validated and stored.`],
    ["Main user journey", "A user completes the central task from start to finish. Done when the journey works end to end on a phone and a desktop."],
    ["Search and browsing", "Users find records by keyword and filters, with pages of results. Done when a search answers in under a second on realistic data."],
    ["Notifications", "Users receive an email when something important happens to their records. Done when sending is retried and never blocks a request."],
    ["Administration", "Administrators manage users and content and see basic activity figures. Done when every admin action is logged."],
    ["Reliability and monitoring", "Errors are reported, slow requests are visible and backups run daily. Done when an alert reaches the team within minutes."],
    ["Launch", "The system is deployed to production with a documented release process. Done when a release can be repeated and rolled back."]
  ],
  integrateStep: (names) => ["Integrate the building blocks", `Connect ${names}, each behind a small adapter with its settings in the environment. Done when each one is covered by an integration test.`],
  feedbackStep: (point) => ["Requested change", `${point}. Done when the user confirms it behaves as asked.`],
  outOfScopeTitle: "Out of scope",
  outOfScope: ["Native mobile apps (the web app works on phones)", "Offline mode", "Multiple languages in the first release"],

  reason: (name, system) => `${name} covers this need for ${system} without building it yourself.`,
  researchSummary: (keyword, sources, system) => `${sources} source${sources === 1 ? "" : "s"} about "${keyword}" were read. They describe how it is set up and used, which matters for ${system}.`,
  researchAdvice: (keyword) => [`Prototype "${keyword}" early with real credentials in a test account.`, "Check limits and pricing against the expected traffic before committing."],

  h: {
    design: (system) => `${system}: Design`,
    requirements: (system) => `Requirements analysis: ${system}`,
    architecture: (system) => `Architecture: ${system}`,
    flows: (system) => `Key flows: ${system}`,
    dataModel: (system) => `Data model and interfaces: ${system}`,
    overview: "Overview",
    goals: "Goals",
    nonGoals: "Non-goals",
    goalsAndNonGoals: "Goals and non-goals",
    users: "Users and roles",
    features: "Features",
    usersAndFeatures: "Users and features",
    nfr: "Non-functional requirements",
    constraints: "Constraints and assumptions",
    architectureSection: "Architecture",
    components: "Components",
    blocks: "Chosen building blocks",
    componentDiagram: "Component diagram",
    keyFlows: "Key flows",
    dataModelSection: "Data model",
    relationships: "Relationships",
    interfaces: "Interfaces and APIs",
    errorHandling: "Error handling",
    security: "Security",
    deployment: "Deployment",
    testing: "Testing",
    milestones: "Milestones",
    openQuestions: "Open questions",
    responsibility: "Responsibility",
    interface: "Interface",
    internal: "Internal design",
    data: "Data it owns or reads"
  },
  table: {
    feature: "Feature",
    description: "Description",
    priority: "Priority",
    component: "Component",
    responsibility: "Responsibility",
    talksTo: "Talks to",
    field: "Field",
    type: "Type",
    required: "Required",
    notes: "Notes",
    endpoint: "Endpoint",
    input: "Input",
    output: "Output",
    yes: "yes",
    no: "no"
  },
  overviewText: (system, idea) =>
    `${system} answers this request: "${idea}". It is a web application with an API, a background worker and a relational database, using proven external services for everything that is not specific to the product.`,
  userRoles: [
    ["Visitor", "browses public content without an account"],
    ["Registered user", "uses the core features and manages their own records"],
    ["Administrator", "manages users and content, and watches activity"]
  ],
  nfrs: [
    "Performance: 95% of API requests answer within 300 ms at 50 requests per second.",
    "Availability: 99.5% per month; planned maintenance announced in advance.",
    "Privacy: personal data is stored in one region, encrypted at rest, and deletable on request.",
    "Scale: the first version serves 10,000 registered users."
  ],
  constraintsList: ["A small team builds and runs it.", "Managed services are preferred over self-hosted ones.", "Everything runs in one cloud region at first."],
  architectureText:
    "A modular monolith: one API service holds the business logic, a worker runs slow jobs from a queue, and one database is the source of truth. This keeps deployment simple while the product is young; the worker can be scaled separately.",
  comp: {
    web: ["Web client", "Pages and forms users interact with; calls the API."],
    api: ["API service", "Authenticates requests, validates input, applies business rules."],
    worker: ["Background worker", "Sends notifications and runs slow or retryable jobs."],
    db: ["Database", "Stores users, records and events; the source of truth."]
  },
  noBlocks: "No external building blocks were chosen yet; the components above are built with the team's usual stack.",
  chosenBecause: "Why",
  flow: {
    user: "User",
    valid: "Input valid?",
    yes: "yes",
    no: "no",
    showError: "Show the error",
    save: "Save the record",
    confirm: "Show confirmation",
    enqueue: "Queue a job",
    notify: "Notify the user",
    signIn: "Sign in",
    session: "Create a session",
    retry: "Retry later",
    mainTitle: "Main user journey",
    mainText: "Triggered when a user submits the central form; ends with the record saved and confirmed.",
    backgroundTitle: "Background notification",
    backgroundText: "Triggered by a saved record; ends with the user notified, or the job retried.",
    signInTitle: "Sign-in",
    signInText: "Triggered when a user signs in; ends with a session or a clear refusal.",
    failures: [
      "Invalid input: the API answers 400 with the failing fields and nothing is saved.",
      "A provider times out: the job is retried with backoff, then moved to a dead-letter list.",
      "The database is unavailable: the API answers 503 and the client offers to retry."
    ]
  },
  entities: {
    user: "User",
    item: "Record",
    event: "Event",
    userNotes: ["unique, lowercased", "shown in the interface", "visitor, user or admin"],
    itemNotes: ["the owner", "what users search for", "draft, active or archived"],
    eventNotes: ["what happened", "the record concerned", "when it happened"],
    relations: ["A user owns many records.", "A record has many events.", "Events are never changed, only added."]
  },
  apiNotes: ["Sign in", "List records (search, filters, pages)", "Create a record", "Change a record", "Delete a record"],
  errorHandlingList: [
    "Every error response is JSON `{error: {code, message}}` with a stable code.",
    "Calls to external services have timeouts and retries with exponential backoff; failed jobs go to a dead-letter list.",
    "Unexpected errors are logged with a request id and reported to error tracking; users see a short message with that id."
  ],
  securityList: [
    "Passwords are never stored by the product; sign-in goes through the chosen auth provider or a strong hash.",
    "Every endpoint checks the caller's role; users only reach their own records.",
    "Secrets live in environment variables, never in the code; HTTPS everywhere.",
    "Input is validated on the server; output is escaped in the client."
  ],
  deploymentList: [
    "Containers for the API service and the worker, built by CI on every merge.",
    "Staging and production environments with the same configuration, different secrets.",
    "Database migrations run before each release; daily backups, restore tested monthly."
  ],
  testingList: [
    "Unit tests for business rules and validation.",
    "Integration tests against a real database and the external services' test modes.",
    "End-to-end tests of the main journey in a browser on every release."
  ],
  milestonesList: (system) => [
    `M1: accounts, core data and the main journey of ${system} working in staging.`,
    "M2: search, notifications and administration; integration tests green.",
    "M3: monitoring, backups and a rehearsed release; production launch."
  ],
  openQuestionsList: (system) => [
    `Which numbers of users and records should ${system} plan for in its first year?`,
    "Which personal data is required, and how long must it be kept?",
    "Who operates the system and answers alerts?"
  ],
  componentInternal: (name) => `${name} is split into a thin transport layer, a service layer with the business rules, and a repository layer for storage; each layer is tested on its own.`,
  componentTests: (name) => `Unit tests for the rules of ${name}; integration tests through its interface with real storage.`,
  componentErrors: "Invalid input is refused with a clear message; dependencies that fail are retried with backoff and then reported."
}
