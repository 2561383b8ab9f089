import Foundation

/// The JSON of the small reports (`doctor`, `campaigns`, `relatedness show`), written through Codable
/// like every other output: keys sorted, pretty-printed, absent values as `null`.
///
/// ```swift
/// let data = try CommandReports.campaigns(engine.bundledCampaigns())
/// ```
public enum CommandReports {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }

    struct Kernel: Encodable {
        var version, kernel: String
        var kernelSwitched, kernelFellBack: Bool
        var coreTypeEnv, userSetCoreType: String?
        var threads: Int
        var cpuFeatures: [String]
        var openblasConfig: String
        var selfCheckPassed: Bool
        enum CodingKeys: String, CodingKey {
            case version, kernel, threads, kernelSwitched = "kernel_switched", kernelFellBack = "kernel_fell_back"
            case coreTypeEnv = "openblas_coretype_env", userSetCoreType = "user_set_coretype", cpuFeatures = "cpu_features"
            case openblasConfig = "openblas_config", selfCheckPassed = "self_check_passed"
        }
        func encode(to encoder: Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(version, forKey: .version); try k.encode(kernel, forKey: .kernel)
            try k.encode(kernelSwitched, forKey: .kernelSwitched); try k.encode(kernelFellBack, forKey: .kernelFellBack)
            try k.encode(coreTypeEnv, forKey: .coreTypeEnv); try k.encode(userSetCoreType, forKey: .userSetCoreType)
            try k.encode(threads, forKey: .threads); try k.encode(cpuFeatures, forKey: .cpuFeatures)
            try k.encode(openblasConfig, forKey: .openblasConfig); try k.encode(selfCheckPassed, forKey: .selfCheckPassed)
        }
    }

    /// `doctor --format json`: the kernel in use, how it was chosen, threads and CPU features.
    public static func kernel(_ status: KernelSelector.Status, selfCheckPassed: Bool, coreTypeEnv: String?) throws -> Data {
        try encode(Kernel(version: ChainMatchInfo.version, kernel: status.coreName, kernelSwitched: status.switched,
                          kernelFellBack: status.fellBack, coreTypeEnv: coreTypeEnv, userSetCoreType: status.userSetCoreType,
                          threads: status.threads, cpuFeatures: status.cpuFeatures, openblasConfig: BLAS.configuration,
                          selfCheckPassed: selfCheckPassed))
    }

    struct CampaignEntry: Encodable {
        var id, nameZh, nameEn, province, profile: String
        var park: String?
        var targets: [String]
        var top: Int
        enum CodingKeys: String, CodingKey { case id, park, province, profile, targets, top, nameZh = "name_zh", nameEn = "name_en" }
        func encode(to encoder: Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(id, forKey: .id); try k.encode(nameZh, forKey: .nameZh); try k.encode(nameEn, forKey: .nameEn)
            try k.encode(park, forKey: .park); try k.encode(province, forKey: .province); try k.encode(profile, forKey: .profile)
            try k.encode(targets, forKey: .targets); try k.encode(top, forKey: .top)
        }
    }

    /// `campaigns --format json`: each campaign's id, names, place, profile, targets and list size.
    public static func campaigns(_ campaigns: [Campaign]) throws -> Data {
        try encode(campaigns.map { c in
            CampaignEntry(id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, province: c.province, profile: c.profile,
                          park: c.parkID, targets: c.targets.map(\.reference), top: c.top)
        })
    }

    struct IndustryEntry: Encodable {
        var industry, nameZh, nameEn: String
        var density, outlookGain: Double
        enum CodingKeys: String, CodingKey { case industry, density, nameZh = "name_zh", nameEn = "name_en", outlookGain = "outlook_gain" }
    }

    struct Profile: Encodable {
        var place, name: String
        var present, candidates: [IndustryEntry]
    }

    /// `relatedness show --format json`: a place's industries and its candidates, densities and outlook
    /// gains rounded to four decimals.
    public static func relatedness(place: String, name: String, present: [RelatednessIndex.ProfileRow],
                                   candidates: [RelatednessIndex.ProfileRow]) throws -> Data {
        func entry(_ r: RelatednessIndex.ProfileRow) -> IndustryEntry {
            IndustryEntry(industry: r.industry.id, nameZh: r.industry.nameZh, nameEn: r.industry.nameEn,
                          density: (r.density * 10_000).rounded() / 10_000, outlookGain: (r.outlookGain * 10_000).rounded() / 10_000)
        }
        return try encode(Profile(place: place, name: name, present: present.map(entry), candidates: candidates.map(entry)))
    }
}
