// `import Ladder` brings the whole library: the model, snapshots, packs, the engine, reports,
// pack tests, plans, the decision history and CRM imports. The Lua bridge stays behind the engine.
@_exported import LadderCheck
@_exported import LadderEngine
@_exported import LadderHistory
@_exported import LadderImport
@_exported import LadderModel
@_exported import LadderPackTests
@_exported import LadderPacks
@_exported import LadderPlans
@_exported import LadderReports
@_exported import LadderSnapshots
