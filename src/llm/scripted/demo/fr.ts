/** The demo model's words in French. */
import type { DemoPhrases } from "./DemoPhrases.js"

export const fr: DemoPhrases = {
  demoNotice:
    "**Mode démonstration** : aucun modèle n'est configuré (définissez `LLM_BASE_URL`, `LLM_API_KEY` et `LLM_MODEL`), c'est donc le modèle scénarisé intégré à GTPlanner qui répond. Les étapes de planification et les documents ci-dessous sont produits par la vraie chaîne de planification à partir de vos propres mots.",
  planning: (idea) => `Je transforme votre idée en un plan étape par étape : _${idea}_.`,
  revising: "Je révise le plan avec vos remarques.",
  recommending: "Le périmètre est clair. Je cherche maintenant les briques qui conviennent.",
  designing: (deep) => (deep ? "Je rédige maintenant la conception approfondie, étape par étape." : "Je rédige maintenant le document de conception."),
  done: (files) =>
    `C'est fait : ${files.map((f) => `\`${f}\``).join(", ")} ${files.length === 1 ? "est prêt" : "sont prêts"} au téléchargement. Demandez une **conception approfondie** pour obtenir six documents par étapes, ou dites-moi ce qu'il faut changer dans le plan.`,
  stepFailed: (error) => `Une étape n'a pas fonctionné : ${error} Dites-moi comment vous souhaitez continuer.`,
  fallback: (idea) => `Dites-moi ce que vous voulez construire et nous le planifierons ensemble. Vous avez écrit : _${idea}_`,
  namePrefixes: [/^(s'il te plaît,?\s+|s'il vous plaît,?\s+)?(peux-tu\s+|pouvez-vous\s+)?(aide-moi à\s+|aidez-moi à\s+)?(concevoir|conçois|concevez|créer|crée|créez|construire|construis|construisez|développer|développe|planifier|planifie)\s+(un|une|le|la|l'|mon|ma)?\s*/i, /^(je veux|j'ai besoin d'|je voudrais)\s*(construire\s+|créer\s+)?(un|une)?\s*/i],
  nameSuffixes: [],
  deepWords: /approfondi|détaillé/i,

  purpose: (system, idea) => `${system} : un système construit à partir de la demande « ${idea} ». Ce plan liste ce qu'il faut construire, dans l'ordre, et quand chaque étape est terminée.`,
  steps: (system) => [
    ["Comptes et rôles", `Les utilisateurs peuvent s'inscrire, se connecter et se déconnecter de ${system} ; les administrateurs ont leur propre rôle. Terminé quand chaque rôle ne voit que ce qui lui revient.`],
    ["Données principales", `Les enregistrements principaux de ${system} peuvent être créés, listés, consultés, modifiés et supprimés. Terminé quand chaque modification est validée et enregistrée.`],
    ["Parcours utilisateur principal", "Un utilisateur mène la tâche centrale du début à la fin. Terminé quand le parcours fonctionne de bout en bout sur mobile et sur ordinateur."],
    ["Recherche et navigation", "Les utilisateurs trouvent des enregistrements par mot-clé et par filtres, avec des résultats paginés. Terminé quand une recherche répond en moins d'une seconde sur des données réalistes."],
    ["Notifications", "Les utilisateurs reçoivent un e-mail quand un événement important touche leurs enregistrements. Terminé quand l'envoi est réessayé et ne bloque jamais une requête."],
    ["Administration", "Les administrateurs gèrent les utilisateurs et les contenus et consultent des chiffres d'activité simples. Terminé quand chaque action d'administration est journalisée."],
    ["Fiabilité et supervision", "Les erreurs sont remontées, les requêtes lentes sont visibles et les sauvegardes sont quotidiennes. Terminé quand une alerte atteint l'équipe en quelques minutes."],
    ["Mise en production", "Le système est déployé en production avec un processus de livraison documenté. Terminé quand une livraison peut être rejouée et annulée."]
  ],
  integrateStep: (names) => ["Intégrer les briques", `Raccorder ${names}, chacune derrière un petit adaptateur dont la configuration est dans l'environnement. Terminé quand chacune est couverte par un test d'intégration.`],
  feedbackStep: (point) => ["Modification demandée", `${point}. Terminé quand l'utilisateur confirme que le comportement est celui demandé.`],
  outOfScopeTitle: "Hors périmètre",
  outOfScope: ["Applications mobiles natives (l'application web fonctionne sur mobile)", "Mode hors ligne", "Plusieurs langues dans la première version"],

  reason: (name, system) => `${name} couvre ce besoin de ${system} sans avoir à le développer soi-même.`,
  researchSummary: (keyword, sources, system) => `${sources} source${sources === 1 ? "" : "s"} sur « ${keyword} » ont été lues. Elles expliquent comment le mettre en place et l'utiliser, ce qui compte pour ${system}.`,
  researchAdvice: (keyword) => [`Prototyper « ${keyword} » tôt, avec de vrais identifiants sur un compte de test.`, "Vérifier les limites et les tarifs au regard du trafic attendu avant de s'engager."],

  h: {
    design: (system) => `Conception de ${system}`,
    requirements: (system) => `Analyse des besoins : ${system}`,
    architecture: (system) => `Architecture : ${system}`,
    flows: (system) => `Flux clés : ${system}`,
    dataModel: (system) => `Modèle de données et interfaces : ${system}`,
    overview: "Vue d'ensemble",
    goals: "Objectifs",
    nonGoals: "Non-objectifs",
    goalsAndNonGoals: "Objectifs et non-objectifs",
    users: "Utilisateurs et rôles",
    features: "Fonctionnalités",
    usersAndFeatures: "Utilisateurs et fonctionnalités",
    nfr: "Exigences non fonctionnelles",
    constraints: "Contraintes et hypothèses",
    architectureSection: "Architecture",
    components: "Composants",
    blocks: "Briques choisies",
    componentDiagram: "Schéma des composants",
    keyFlows: "Flux clés",
    dataModelSection: "Modèle de données",
    relationships: "Relations",
    interfaces: "Interfaces et API",
    errorHandling: "Gestion des erreurs",
    security: "Sécurité",
    deployment: "Déploiement",
    testing: "Tests",
    milestones: "Jalons",
    openQuestions: "Questions ouvertes",
    responsibility: "Responsabilité",
    interface: "Interface",
    internal: "Conception interne",
    data: "Données possédées ou lues"
  },
  table: {
    feature: "Fonctionnalité",
    description: "Description",
    priority: "Priorité",
    component: "Composant",
    responsibility: "Responsabilité",
    talksTo: "Interlocuteurs",
    field: "Champ",
    type: "Type",
    required: "Obligatoire",
    notes: "Remarques",
    endpoint: "Point d'accès",
    input: "Entrée",
    output: "Sortie",
    yes: "oui",
    no: "non"
  },
  overviewText: (system, idea) =>
    `${system} répond à cette demande : « ${idea} ». C'est une application web dotée d'une API, d'un processus de tâches de fond et d'une base de données relationnelle, qui s'appuie sur des services externes éprouvés pour tout ce qui n'est pas propre au produit.`,
  userRoles: [
    ["Visiteur", "consulte le contenu public sans compte"],
    ["Utilisateur inscrit", "utilise les fonctions principales et gère ses propres enregistrements"],
    ["Administrateur", "gère les utilisateurs et les contenus et surveille l'activité"]
  ],
  nfrs: [
    "Performances : 95 % des requêtes à l'API répondent en moins de 300 ms à 50 requêtes par seconde.",
    "Disponibilité : 99,5 % par mois ; la maintenance planifiée est annoncée à l'avance.",
    "Confidentialité : les données personnelles sont stockées dans une seule région, chiffrées au repos et supprimables sur demande.",
    "Échelle : la première version sert 10 000 utilisateurs inscrits."
  ],
  constraintsList: ["Une petite équipe le construit et l'exploite.", "Les services gérés sont préférés à l'auto-hébergement.", "Tout tourne d'abord dans une seule région du cloud."],
  architectureText:
    "Un monolithe modulaire : un service d'API porte la logique métier, un processus de fond exécute les tâches lentes depuis une file d'attente et une seule base de données fait foi. Le déploiement reste simple tant que le produit est jeune, et le processus de fond peut monter en charge séparément.",
  comp: {
    web: ["Client web", "Pages et formulaires utilisés par les utilisateurs ; appelle l'API."],
    api: ["Service d'API", "Authentifie les requêtes, valide les entrées, applique les règles métier."],
    worker: ["Processus de fond", "Envoie les notifications et exécute les tâches lentes ou à réessayer."],
    db: ["Base de données", "Stocke les utilisateurs, les enregistrements et les événements ; elle fait foi."]
  },
  noBlocks: "Aucune brique externe n'a encore été choisie ; les composants ci-dessus sont construits avec les outils habituels de l'équipe.",
  chosenBecause: "Pourquoi",
  flow: {
    user: "Utilisateur",
    valid: "Entrée valide ?",
    yes: "oui",
    no: "non",
    showError: "Afficher l'erreur",
    save: "Enregistrer",
    confirm: "Afficher la confirmation",
    enqueue: "Mettre une tâche en file",
    notify: "Notifier l'utilisateur",
    signIn: "Se connecter",
    session: "Créer une session",
    retry: "Réessayer plus tard",
    mainTitle: "Parcours utilisateur principal",
    mainText: "Déclenché quand un utilisateur envoie le formulaire central ; se termine par l'enregistrement sauvegardé et confirmé.",
    backgroundTitle: "Notification en tâche de fond",
    backgroundText: "Déclenchée par un enregistrement sauvegardé ; se termine par l'utilisateur notifié ou la tâche réessayée.",
    signInTitle: "Connexion",
    signInText: "Déclenchée quand un utilisateur se connecte ; se termine par une session ou un refus clair.",
    failures: [
      "Entrée invalide : l'API répond 400 avec les champs en cause et rien n'est enregistré.",
      "Un fournisseur ne répond pas à temps : la tâche est réessayée avec un délai croissant, puis placée dans une liste des échecs.",
      "La base de données est indisponible : l'API répond 503 et le client propose de réessayer."
    ]
  },
  entities: {
    user: "Utilisateur",
    item: "Enregistrement",
    event: "Événement",
    userNotes: ["unique, en minuscules", "affiché dans l'interface", "visiteur, utilisateur ou administrateur"],
    itemNotes: ["le propriétaire", "ce que cherchent les utilisateurs", "brouillon, actif ou archivé"],
    eventNotes: ["ce qui s'est passé", "l'enregistrement concerné", "quand c'est arrivé"],
    relations: ["Un utilisateur possède plusieurs enregistrements.", "Un enregistrement a plusieurs événements.", "Les événements ne sont jamais modifiés, seulement ajoutés."]
  },
  apiNotes: ["Se connecter", "Lister les enregistrements (recherche, filtres, pages)", "Créer un enregistrement", "Modifier un enregistrement", "Supprimer un enregistrement"],
  errorHandlingList: [
    "Chaque réponse d'erreur est du JSON `{error: {code, message}}` avec un code stable.",
    "Les appels aux services externes ont des délais et des nouvelles tentatives à délai exponentiel ; les tâches en échec vont dans une liste des échecs.",
    "Les erreurs inattendues sont journalisées avec un identifiant de requête et remontées au suivi des erreurs ; l'utilisateur voit un court message avec cet identifiant."
  ],
  securityList: [
    "Le produit ne stocke jamais de mot de passe en clair ; la connexion passe par le fournisseur d'authentification choisi ou un hachage robuste.",
    "Chaque point d'accès vérifie le rôle de l'appelant ; les utilisateurs n'accèdent qu'à leurs propres enregistrements.",
    "Les secrets sont dans des variables d'environnement, jamais dans le code ; HTTPS partout.",
    "Les entrées sont validées côté serveur ; les sorties sont échappées côté client."
  ],
  deploymentList: [
    "Des conteneurs pour le service d'API et le processus de fond, construits par la CI à chaque fusion.",
    "Des environnements de préproduction et de production à configuration identique, aux secrets distincts.",
    "Les migrations de base de données passent avant chaque livraison ; sauvegardes quotidiennes, restauration testée chaque mois."
  ],
  testingList: ["Tests unitaires des règles métier et de la validation.", "Tests d'intégration sur une vraie base de données et les modes de test des services externes.", "Tests de bout en bout du parcours principal dans un navigateur à chaque livraison."],
  milestonesList: (system) => [
    `J1 : comptes, données principales et parcours principal de ${system} opérationnels en préproduction.`,
    "J2 : recherche, notifications et administration ; tests d'intégration au vert.",
    "J3 : supervision, sauvegardes et livraison répétée ; mise en production."
  ],
  openQuestionsList: (system) => [`Pour combien d'utilisateurs et d'enregistrements ${system} doit-il être prévu la première année ?`, "Quelles données personnelles sont nécessaires, et combien de temps faut-il les garder ?", "Qui exploite le système et répond aux alertes ?"],
  componentInternal: (name) => `${name} se découpe en une couche de transport légère, une couche de service portant les règles métier et une couche de dépôt pour le stockage ; chaque couche se teste séparément.`,
  componentTests: (name) => `Tests unitaires des règles de ${name} ; tests d'intégration par son interface avec un stockage réel.`,
  componentErrors: "Une entrée invalide est refusée avec un message clair ; les dépendances en échec sont réessayées avec un délai croissant, puis signalées."
}
