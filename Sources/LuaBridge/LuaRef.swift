import CLuaShim

/// A value kept alive in a state's registry (a function, a read-only view, a coroutine).
///
/// It is released when the last copy goes away. Like its state it is not `Sendable`: it never
/// leaves the thread that uses the state, so its release never races a run.
public final class LuaRef: Equatable {
    // Weak: host closures may hold refs, and the state must still be able to go away.
    weak var state: LuaState?
    let ref: Int32
    /// The Lua type of the referenced value ("function", "table", ...).
    public let typeName: String

    init(state: LuaState, ref: Int32, typeName: String) {
        self.state = state
        self.ref = ref
        self.typeName = typeName
    }

    deinit {
        state?.release(ref)
    }

    public static func == (lhs: LuaRef, rhs: LuaRef) -> Bool { lhs === rhs }
}
