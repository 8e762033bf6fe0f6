/// A deterministic pseudo-random number generator: xoshiro256** seeded through
/// SplitMix64 (Blackman & Vigna). The same seed yields the same sequence on every
/// platform and Swift version, unlike `SystemRandomNumberGenerator` or the standard
/// library's `random(in:using:)` helpers, whose algorithms are not guaranteed stable.
///
/// Only integer arithmetic is used; `nextUnit()` builds a `Double` exactly from
/// 53 bits, so comparisons against probabilities are reproducible as well.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        s0 = SeededRandom.splitMix64(&x)
        s1 = SeededRandom.splitMix64(&x)
        s2 = SeededRandom.splitMix64(&x)
        s3 = SeededRandom.splitMix64(&x)
    }

    @inline(__always)
    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    /// `bound` must be positive.
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold {
                m = next().multipliedFullWidth(by: b)
            }
        }
        return Int(m.high)
    }

    /// A uniform integer in `range`.
    @inline(__always)
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform `Double` in `[0, 1)`, built exactly from the top 53 bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p` (`p <= 0` never, `p >= 1` always).
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool {
        nextUnit() < p
    }
}
