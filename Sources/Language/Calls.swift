import NotebookFormat
import Tabular

// The call mechanism: compiled function code, frames handed from caller to callee, the
// direct path for single top-level `fn`s, and the release of frames that closures
// captured (the cycle breaker). The code generator (CodeGenerator.swift) builds the
// closures that call these; the specialised hot-path sites live in Sites.swift.

/// Compiled code: a closure over the current frame and the runtime. The checked AST is
/// turned into these once; evaluation never walks the tree.
typealias Code = (Frame, Runtime) throws(Diagnostic) -> Value

/// A user function or lambda after compilation.
final class FunctionCode {
    let name: String
    let parameterNames: [String]
    /// Per parameter; evaluated in the new frame, so a default may use earlier parameters.
    let defaults: [CodeBox?]
    let parameterCount: Int
    let slotCount: Int
    let body: Code
    let location: SourceLocation
    /// No closure can keep this function's frame, so a finished call's frame goes back to
    /// the runtime's free list (calls are LIFO, frames are reused without a uniqueness test).
    let reusesFrames: Bool
    /// The body makes closures over its frame (lambdas, local `fn`s, column-scope
    /// arguments): a finished call's frame goes through `releaseFrame`, which frees it
    /// when only its own closures keep it (a local self-referring lambda is a cycle).
    let closuresCaptureFrame: Bool

    init(name: String, parameterNames: [String], defaults: [CodeBox?], slotCount: Int, body: @escaping Code, location: SourceLocation,
         reusesFrames: Bool = false, closuresCaptureFrame: Bool = false) {
        self.reusesFrames = reusesFrames
        self.closuresCaptureFrame = closuresCaptureFrame
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.parameterCount = parameterNames.count
        self.slotCount = slotCount
        self.body = body
        self.location = location
    }
}

/// Compiled code in a struct, so arrays and optionals of it keep the closure at its
/// natural calling convention (a bare closure in a generic container is called through
/// a reabstraction thunk).
struct CodeBox {
    let run: Code
}

/// The code of a function bound by a single top-level `fn`, filled in when that
/// statement is compiled (call sites may be compiled before it: mutual recursion).
final class StaticFunction {
    // Written once at compile time, read on every call: no dynamic exclusivity tracking.
    /// Keeps the code alive for `code`.
    @exclusivity(unchecked) private(set) var owner: FunctionCode?
    /// The code without reference counting: a call reads it as a guaranteed reference
    /// (a strong read would retain and release it on every call).
    @exclusivity(unchecked) private(set) var code: Unmanaged<FunctionCode>?
    @exclusivity(unchecked) private(set) var parameterCount = 0
    /// Keeps the number tree of a number function (NumberFunctions.swift) alive.
    @exclusivity(unchecked) private(set) var numberOwner: NumberBody?
    /// That tree without reference counting, as `code`.
    @exclusivity(unchecked) private(set) var numberBody: Unmanaged<NumberBody>?

    func define(_ function: FunctionCode) {
        owner = function
        code = Unmanaged.passUnretained(function)
        parameterCount = function.parameterCount
    }

    func define(numberBody body: NumberBody) {
        numberOwner = body
        numberBody = Unmanaged.passUnretained(body)
    }

    /// Breaks the cycle code → direct call → this (`StaticFunctionOwner`); calls made
    /// afterwards take the ordinary path. `code` goes first: it must never outlive `owner`.
    func clear() {
        code = nil
        numberBody = nil
        parameterCount = 0
        owner = nil
        numberOwner = nil
    }
}

// MARK: - Calling function values

extension Runtime {
    /// A one-argument call without building an argument array (`map`, `filter`).
    @inline(__always)
    func call(_ function: FunctionValue, _ argument: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        if let code = function.code, code.parameterCount >= 1 {
            let frame = makeFrame(code, parent: function.captured)
            frame[0] = argument
            return try callUser(code, consume frame, given: 1, self, at: location)
        }
        return try call(function, [argument], at: location)
    }
}

/// Runs a user function whose first `given` parameters are already in `frame`: fills
/// defaults, then checks depth, stack and time before running the body. The caller hands
/// over its reference (`consume`): a frame closures captured is checked for a cycle at the
/// end, which needs to see every reference to it.
@inline(__always)
func callUser(_ code: FunctionCode, _ frame: consuming Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    if code.closuresCaptureFrame { return try callCapturing(code, consume frame, given: given, rt, at: loc) }
    if given < code.parameterCount {
        for i in given..<code.parameterCount {
            guard let d = code.defaults[i] else {
                throw missingArgument(code, i, at: loc)
            }
            frame[i] = try d.run(frame, rt)
        }
    }
    try rt.enterCall(at: loc)
    defer { rt.leaveCall() }
    let result: Value
    do throws(Diagnostic) {
        result = try code.body(frame, rt)
    } catch {
        throw error.calledFrom(code.name, at: loc)
    }
    if code.reusesFrames { rt.reuse(frame) }
    return result
}

/// `callUser` for a function whose closures may capture its frame (never pooled): after
/// the call, returned or failed, the frame goes to `releaseFrame`. Out of line, so the
/// pooled calls' inlined path does not grow.
@inline(never)
func callCapturing(_ code: FunctionCode, _ frame: consuming Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    let result: Value
    do {
        result = try runBody(code, frame, given: given, rt, at: loc)
    } catch {
        releaseFrame(consume frame)
        throw error
    }
    releaseFrame(consume frame)
    return result
}

/// Drops the last outside reference to a finished call's frame (`frame`, moved in), first
/// breaking the cycle a closure stored in one of its own slots makes with it
/// (`g = x => g(x)`: the frame holds `g`, `g` captures the frame).
///
/// The frame and those closures are an island — nothing else can reach them — when every
/// closure in its slots that captured it is referenced only by those slots, and the
/// frame, once those closures' links to it are cut, only by `frame`. Then the links stay
/// cut and everything is freed. Otherwise something outside still uses the frame (a
/// closure that escaped: returned, stored in a list or record, captured by an inner frame
/// that is alive) and everything is put back as it was. Cycles through lists or records
/// in the slots, or through an inner call's frame that stays alive, are left as they are.
///
/// Uniqueness is asked of the objects themselves (`isKnownUniquelyReferenced`), never of
/// a copy that is still alive: each closure is moved out of its slots into `held`, one
/// reference per closure, and `frame` is owned here.
@inline(never)
func releaseFrame(_ frame: consuming Frame) {
    let count = frame.fields.count
    // Each closure over this frame found in a slot, once, with the slots that held it.
    var held: [(function: FunctionValue, slots: [Int])] = []
    for i in 0..<count {
        guard case .function(let function)? = frame[i], function.captured === frame else { continue }
        if let j = held.firstIndex(where: { $0.function === function }) {
            held[j].slots.append(i)
        } else {
            held.append((function, [i]))
        }
        frame[i] = nil
    }
    if held.isEmpty { return }
    var island = true
    for j in held.indices where !isKnownUniquelyReferenced(&held[j].function) {
        island = false
        break
    }
    if island {
        for entry in held { entry.function.captured = nil }
        if isKnownUniquelyReferenced(&frame) {
            return // the closures die with `held`, the frame with `frame`
        }
    }
    for entry in held {
        entry.function.captured = frame
        for i in entry.slots { frame[i] = .function(entry.function) }
    }
}

/// A direct call of a known user function (a single top-level `fn`) without reference
/// counting: the `StaticFunction` keeps the code alive and the frame is held as an
/// unmanaged reference from `Runtime.takeFrame` to `Runtime.giveBack`, so both are used as
/// guaranteed references (a strong local would cost two atomic retains and two releases
/// per call). `fill` initializes the first `given` slots of the fresh frame (all nil).
@inline(__always)
func callDirect(_ function: Unmanaged<FunctionCode>, given: Int, _ rt: Runtime, at loc: SourceLocation,
                _ fill: (UnsafeMutablePointer<Value?>) -> Void) throws(Diagnostic) -> Value {
    // `_withUnsafeGuaranteedRef` rethrows untyped errors; the diagnostic is cast back
    // below (only on the error path: a local `Diagnostic?` would be copied through value
    // witnesses on every call).
    do {
        return try function._withUnsafeGuaranteedRef { code throws -> Value in
            let entry = rt.takeFrame(code)
            do {
                let value = try entry._withUnsafeGuaranteedRef { frame throws -> Value in
                    frame.withSlots(fill)
                    return try runBody(code, frame, given: given, rt, at: loc)
                }
                if code.reusesFrames {
                    rt.giveBack(entry)
                } else if code.closuresCaptureFrame {
                    releaseFrame(entry.takeRetainedValue())
                } else {
                    entry.release()
                }
                return value
            } catch {
                if code.closuresCaptureFrame { releaseFrame(entry.takeRetainedValue()) } else { entry.release() }
                throw error
            }
        }
    } catch let error as Diagnostic {
        throw error
    } catch {
        throw unexpected(error, at: loc)
    }
}

@inline(never)
func unexpected(_ error: any Error, at loc: SourceLocation) -> Diagnostic {
    Diagnostic.error(.internalError("\(error)"), at: loc)
}

@inline(never)
func missingArgument(_ code: FunctionCode, _ i: Int, at loc: SourceLocation) -> Diagnostic {
    Diagnostic.error(.missingArgument(code.name, code.parameterNames[i]), at: loc)
}

/// Fills missing arguments from their defaults, checks depth, stack and time, and runs
/// the body of `code` in `frame`.
@inline(__always)
func runBody(_ code: FunctionCode, _ frame: Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    if given < code.parameterCount {
        for i in given..<code.parameterCount {
            guard let d = code.defaults[i] else { throw missingArgument(code, i, at: loc) }
            frame[i] = try d.run(frame, rt)
        }
    }
    try rt.enterCall(at: loc)
    defer { rt.leaveCall() }
    do throws(Diagnostic) {
        return try code.body(frame, rt)
    } catch {
        throw error.calledFrom(code.name, at: loc)
    }
}

extension Diagnostic {
    /// Call-chain notes kept on one error; deeper chains (a runaway recursion) end with a
    /// count of the calls left out.
    static let maxCallNotes = 20

    /// The error, raised inside a call of `function` made at `site`, with that call added
    /// to its chain of calls (innermost first, like a traceback).
    @inline(never)
    func calledFrom(_ function: String, at site: SourceLocation) -> Diagnostic {
        var error = self
        let calls = error.notes.count { $0.severity == .note && $0.location != nil && $0.message.hasSuffix(Diagnostic.Message.calledHereSuffix) }
        if calls < Diagnostic.maxCallNotes {
            error.notes.append(Diagnostic(.note, .calledHere(function), at: site))
        } else if let last = error.notes.indices.last, error.notes[last].location == nil,
                  let count = Diagnostic.Message.moreCallsCount(error.notes[last].message) {
            error.notes[last] = Diagnostic(.note, .moreCalls(count + 1), at: nil)
        } else {
            error.notes.append(Diagnostic(.note, .moreCalls(1), at: nil))
        }
        return error
    }
}

extension Runtime {
    /// Calls a function value with evaluated arguments (built-ins calling back, and call
    /// sites that name arguments).
    func call(_ function: FunctionValue, _ positional: [Value], named: [(String, Value)] = [], at location: SourceLocation,
              argumentLocations: [SourceLocation] = []) throws(Diagnostic) -> Value {
        if let code = function.code, named.isEmpty, positional.count <= code.parameterCount {
            let frame = makeFrame(code, parent: function.captured)
            for (i, v) in positional.enumerated() { frame[i] = v }
            return try callUser(code, consume frame, given: positional.count, self, at: location)
        }
        if let code = function.code {
            let count = code.parameterNames.count
            guard positional.count <= count else {
                throw Diagnostic.error(.wrongArgumentCount(code.name, takes: count, given: positional.count), at: location)
            }
            let frame = makeFrame(code, parent: function.captured)
            do throws(Diagnostic) {
                var filled = [Bool](repeating: false, count: count)
                for (i, v) in positional.enumerated() {
                    frame[i] = v
                    filled[i] = true
                }
                for (name, v) in named {
                    guard let i = code.parameterNames.firstIndex(of: name) else {
                        throw Diagnostic.error(.noSuchParameter(name, of: code.name, parameters: code.parameterNames), at: location)
                    }
                    if filled[i] { throw Diagnostic.error(.argumentGivenTwice(name, of: code.name), at: location) }
                    frame[i] = v
                    filled[i] = true
                }
                for i in 0..<count where !filled[i] {
                    guard let d = code.defaults[i] else {
                        throw missingArgument(code, i, at: location)
                    }
                    frame[i] = try d.run(frame, self) // a default may be a closure over the frame
                }
            } catch {
                if code.closuresCaptureFrame { releaseFrame(consume frame) }
                throw error
            }
            return try callUser(code, consume frame, given: count, self, at: location)
        }
        guard let builtin = function.builtin else {
            throw Diagnostic.error(.internalError("a function with no code"), at: location)
        }
        let labels: [String?] = positional.map { _ in nil } + named.map { $0.0 }
        let targets: [ArgumentTarget]
        switch bindArguments(builtin, labels: labels) {
        case .success(let t): targets = t
        case .failure(let error): throw Diagnostic.error(error.message(builtin), at: location)
        }
        var values: [Value?] = builtin.parameters.map {
            if case .value(let v, _) = $0.defaultValue { return v }
            return nil
        }
        var locations = [SourceLocation](repeating: location, count: builtin.parameters.count)
        var args = Arguments(runtime: self, builtin: builtin, location: location, values: [], locations: [])
        let all = positional + named.map { $0.1 }
        for (k, target) in targets.enumerated() {
            let argLoc = k < argumentLocations.count ? argumentLocations[k] : location
            switch target {
            case .parameter(let i):
                if builtin.parameters[i].columnScope {
                    throw Diagnostic.error(.mustBeCalledDirectly(builtin.name, parameter: builtin.parameters[i].name), at: location)
                }
                values[i] = all[k]
                locations[i] = argLoc
            case .variadic:
                args.rest.append(all[k])
                args.restLocations.append(argLoc)
            case .namedRest(let name):
                args.named.append((name, all[k], argLoc))
            }
        }
        args.values = values
        args.locations = locations
        try tick(at: location)
        return try builtin.implementation(&args)
    }
}
