import Foundation

/// What is known about each development zone besides its industries: province, city, type and level,
/// and its nearest zones on the map — the side information of the zone-pair relatedness model.
///
/// ```swift
/// let context = ZoneContext(parks: datasets.parks, neighbours: 20)
/// context.groups[.province]![0]    // group number of zone 0's province
/// context.nearest[0]               // the 20 zones nearest to zone 0 (never zone 0 itself)
/// ```
///
/// Zones are the rows of `PlaceIndustryMatrix.zones`, i.e. the parks in catalogue order. Distances are
/// great-circle distances between the geocoded points; ties are broken by zone order, so the lists are
/// deterministic. A zone without coordinates has no neighbours.
public struct ZoneContext: Equatable, Sendable {
    /// The groupings whose other members' industries are shared with a zone.
    public enum Grouping: String, CaseIterable, Sendable {
        case province
        /// Province and catalogue city text together.
        case city
        /// Zone type (经济技术开发区, 海关特殊监管区域, …) and level (national, provincial) together.
        case typeLevel = "type_level"
    }

    public let zones: Int
    /// Per grouping, each zone's group number (0-based, dense).
    public let groups: [Grouping: [Int]]
    /// Per zone, the nearest other zones, closest first (empty for zones not asked for).
    public let nearest: [[Int]]

    public init(zones: Int, groups: [Grouping: [Int]], nearest: [[Int]]) {
        precondition(groups.values.allSatisfy { $0.count == zones } && nearest.count == zones)
        self.zones = zones; self.groups = groups; self.nearest = nearest
    }

    /// `only`, when given, limits the neighbour search to those zones (the others get none).
    public init(parks: [Park], neighbours: Int = 50, only: [Int]? = nil) {
        func dense(_ keys: [String]) -> [Int] {
            var numbers: [String: Int] = [:]
            return keys.map { key in
                if let n = numbers[key] { return n }
                numbers[key] = numbers.count
                return numbers.count - 1
            }
        }
        let groups: [Grouping: [Int]] = [
            .province: dense(parks.map(\.province)),
            .city: dense(parks.map { $0.province + "/" + $0.city }),
            .typeLevel: dense(parks.map { $0.type + "/" + $0.level.rawValue }),
        ]
        self.init(zones: parks.count, groups: groups, nearest: Self.nearest(parks, count: neighbours, only: only))
    }

    /// Each zone's `count` nearest other zones by great-circle distance.
    static func nearest(_ parks: [Park], count: Int, only: [Int]? = nil) -> [[Int]] {
        let radians = Double.pi / 180
        let points = parks.map { p -> (lat: Double, lon: Double)? in
            guard let lat = p.lat, let lon = p.lon else { return nil }
            return (lat * radians, lon * radians)
        }
        let wanted = only.map(Set.init)
        return Parallel.map(Array(points.indices)) { z -> [Int] in
            guard count > 0, wanted?.contains(z) ?? true, let a = points[z] else { return [] }
            var found: [(distance: Double, zone: Int)] = []
            for (other, point) in points.enumerated() where other != z {
                guard let b = point else { continue }
                // Haversine on the unit sphere; the monotone part is enough to order by distance.
                let h = pow(sin((b.lat - a.lat) / 2), 2) + cos(a.lat) * cos(b.lat) * pow(sin((b.lon - a.lon) / 2), 2)
                found.append((h, other))
            }
            found.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.zone < $1.zone }
            return found.prefix(count).map(\.zone)
        }
    }
}
