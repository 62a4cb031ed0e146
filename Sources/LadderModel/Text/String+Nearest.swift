extension String {
    /// The candidate closest to this text by edit distance, when it is close enough to be a
    /// likely misspelling (`tem_id` → `team_id`); nil otherwise.
    package func nearest(in candidates: some Sequence<String>) -> String? {
        let limit = max(2, count / 3)
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let d = editDistance(to: candidate)
            if d <= limit, best.map({ d < $0.distance || (d == $0.distance && candidate < $0.name) }) ?? true {
                best = (d, candidate)
            }
        }
        return best?.name
    }

    /// Levenshtein distance over characters.
    package func editDistance(to other: String) -> Int {
        let a = Array(self), b = Array(other)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// ` (did you mean team_id?)` when a candidate is close, else empty.
    package func didYouMean(_ candidates: some Sequence<String>) -> String {
        nearest(in: candidates).map { " (did you mean \($0)?)" } ?? ""
    }
}
