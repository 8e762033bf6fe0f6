/// A skill or interest tag, interned: compares as an integer. The display text
/// lives in the cohort's `TagVocabulary`.
public struct Tag: Hashable, Comparable, Sendable {
    public let index: Int32
    public init(index: Int32) { self.index = index }
    public static func < (a: Tag, b: Tag) -> Bool { a.index < b.index }
}

/// Interns tags: case-insensitive after trimming (SPEC §2). The first spelling
/// seen (lower-cased) is the display text.
public struct TagVocabulary: Sendable {
    public private(set) var names: [String] = []
    private var byName: [String: Tag] = [:]

    public init() {}

    /// The tag for `text`, interned on first sight. Returns nil for blank text.
    public mutating func intern(_ text: some StringProtocol) -> Tag? {
        let key = text.trimmingSpaces().lowercasedFast()
        if key.isEmpty { return nil }
        if let tag = byName[key] { return tag }
        let tag = Tag(index: Int32(names.count))
        names.append(key)
        byName[key] = tag
        return tag
    }

    /// The tag for `text` if it was interned.
    public func lookup(_ text: some StringProtocol) -> Tag? {
        byName[text.trimmingSpaces().lowercasedFast()]
    }

    /// The display text of `tag`.
    public func name(_ tag: Tag) -> String { names[Int(tag.index)] }

    public var count: Int { names.count }
}

/// A small sorted set of tags (members have a handful), with a fast intersection.
public struct TagSet: Hashable, Sendable, Sequence {
    public private(set) var tags: [Tag]

    /// The distinct `tags`, sorted (sorting, then dropping repeats: no hashing).
    public init<S: Sequence>(_ tags: S) where S.Element == Tag {
        var sorted = Array(tags)
        sorted.sort()
        var distinct = 0
        for tag in sorted where distinct == 0 || sorted[distinct - 1] != tag {
            sorted[distinct] = tag
            distinct += 1
        }
        sorted.removeLast(sorted.count - distinct)
        self.tags = sorted
    }

    public init() { tags = [] }

    public var isEmpty: Bool { tags.isEmpty }
    public var count: Int { tags.count }
    public func makeIterator() -> IndexingIterator<[Tag]> { tags.makeIterator() }

    public func contains(_ tag: Tag) -> Bool {
        var lo = 0, hi = tags.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tags[mid] < tag { lo = mid + 1 } else { hi = mid }
        }
        return lo < tags.count && tags[lo] == tag
    }

    /// Tags in both sets, in order.
    public func intersection(_ other: TagSet) -> [Tag] {
        var result: [Tag] = []
        var i = 0, j = 0
        while i < tags.count && j < other.tags.count {
            if tags[i] == other.tags[j] {
                result.append(tags[i]); i += 1; j += 1
            } else if tags[i] < other.tags[j] { i += 1 } else { j += 1 }
        }
        return result
    }

    /// How many tags both sets have.
    public func intersectionCount(_ other: TagSet) -> Int {
        var n = 0, i = 0, j = 0
        while i < tags.count && j < other.tags.count {
            if tags[i] == other.tags[j] { n += 1; i += 1; j += 1 } else if tags[i] < other.tags[j] { i += 1 } else { j += 1 }
        }
        return n
    }
}
