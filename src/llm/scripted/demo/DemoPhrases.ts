/**
 * The words the demo model writes, per language: its replies and the plans, recommendations,
 * research notes and design documents it composes from the user's own words. Deterministic —
 * the same request always gets the same answer.
 */
import type { Language } from "../../../domain/Language.js"

export interface DemoPhrases {
  readonly demoNotice: string
  readonly planning: (idea: string) => string
  readonly revising: string
  readonly recommending: string
  readonly designing: (deep: boolean) => string
  readonly done: (files: ReadonlyArray<string>) => string
  readonly stepFailed: (error: string) => string
  readonly fallback: (idea: string) => string
  /** Leading phrases ("design a", "帮我设计一个") stripped from an idea to name the system. */
  readonly namePrefixes: ReadonlyArray<RegExp>
  readonly nameSuffixes: ReadonlyArray<RegExp>
  readonly deepWords: RegExp

  // ---- the plan ----
  readonly purpose: (system: string, idea: string) => string
  readonly steps: (system: string) => ReadonlyArray<readonly [string, string]>
  readonly integrateStep: (names: string) => readonly [string, string]
  readonly feedbackStep: (point: string) => readonly [string, string]
  readonly outOfScopeTitle: string
  readonly outOfScope: ReadonlyArray<string>

  // ---- recommendations and research ----
  readonly reason: (name: string, system: string) => string
  readonly researchSummary: (keyword: string, sources: number, system: string) => string
  readonly researchAdvice: (keyword: string) => ReadonlyArray<string>

  // ---- documents ----
  readonly h: {
    readonly design: (system: string) => string
    readonly requirements: (system: string) => string
    readonly architecture: (system: string) => string
    readonly flows: (system: string) => string
    readonly dataModel: (system: string) => string
    readonly overview: string
    readonly goals: string
    readonly nonGoals: string
    readonly goalsAndNonGoals: string
    readonly users: string
    readonly features: string
    readonly usersAndFeatures: string
    readonly nfr: string
    readonly constraints: string
    readonly architectureSection: string
    readonly components: string
    readonly blocks: string
    readonly componentDiagram: string
    readonly keyFlows: string
    readonly dataModelSection: string
    readonly relationships: string
    readonly interfaces: string
    readonly errorHandling: string
    readonly security: string
    readonly deployment: string
    readonly testing: string
    readonly milestones: string
    readonly openQuestions: string
    readonly responsibility: string
    readonly interface: string
    readonly internal: string
    readonly data: string
  }
  readonly table: {
    readonly feature: string
    readonly description: string
    readonly priority: string
    readonly component: string
    readonly responsibility: string
    readonly talksTo: string
    readonly field: string
    readonly type: string
    readonly required: string
    readonly notes: string
    readonly endpoint: string
    readonly input: string
    readonly output: string
    readonly yes: string
    readonly no: string
  }
  readonly overviewText: (system: string, idea: string) => string
  readonly userRoles: ReadonlyArray<readonly [string, string]>
  readonly nfrs: ReadonlyArray<string>
  readonly constraintsList: ReadonlyArray<string>
  readonly architectureText: string
  readonly comp: {
    readonly web: readonly [string, string]
    readonly api: readonly [string, string]
    readonly worker: readonly [string, string]
    readonly db: readonly [string, string]
  }
  readonly noBlocks: string
  readonly chosenBecause: string
  readonly flow: {
    readonly user: string
    readonly valid: string
    readonly yes: string
    readonly no: string
    readonly showError: string
    readonly save: string
    readonly confirm: string
    readonly enqueue: string
    readonly notify: string
    readonly signIn: string
    readonly session: string
    readonly retry: string
    readonly mainTitle: string
    readonly mainText: string
    readonly backgroundTitle: string
    readonly backgroundText: string
    readonly signInTitle: string
    readonly signInText: string
    readonly failures: ReadonlyArray<string>
  }
  readonly entities: {
    readonly user: string
    readonly item: string
    readonly event: string
    readonly userNotes: ReadonlyArray<string>
    readonly itemNotes: ReadonlyArray<string>
    readonly eventNotes: ReadonlyArray<string>
    readonly relations: ReadonlyArray<string>
  }
  readonly apiNotes: ReadonlyArray<string>
  readonly errorHandlingList: ReadonlyArray<string>
  readonly securityList: ReadonlyArray<string>
  readonly deploymentList: ReadonlyArray<string>
  readonly testingList: ReadonlyArray<string>
  readonly milestonesList: (system: string) => ReadonlyArray<string>
  readonly openQuestionsList: (system: string) => ReadonlyArray<string>
  readonly componentInternal: (name: string) => string
  readonly componentTests: (name: string) => string
  readonly componentErrors: string
}

export type DemoBook = Readonly<Record<Language, DemoPhrases>>
