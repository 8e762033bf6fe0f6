/// The distinct values of a one-value text column (`group`, `balance`),
/// interned: members compare them as integers. Values compare
/// case-insensitively after trimming, like tags; the first spelling seen (as
/// written) is the display text.
public struct LabelVocabulary: Sendable, Hashable {
    public private(set) var names: [String] = []
    private var byKey: [String: Int] = [:]

    public init() {}

    /// The label of `text`, interned on first sight; nil for blank text.
    public mutating func intern(_ text: some StringProtocol) -> Int? {
        let trimmed = text.trimmingSpaces()
        let key = trimmed.lowercasedFast()
        if key.isEmpty { return nil }
        if let label = byKey[key] { return label }
        names.append(String(trimmed))
        byKey[key] = names.count - 1
        return names.count - 1
    }

    /// The label of `text` if some member has it.
    public func lookup(_ text: some StringProtocol) -> Int? {
        byKey[text.trimmingSpaces().lowercasedFast()]
    }

    /// The display text of `label`.
    public func name(_ label: Int) -> String { names[label] }

    public var count: Int { names.count }
}
