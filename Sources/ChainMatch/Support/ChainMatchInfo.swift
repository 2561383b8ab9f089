/// ChainMatch ranks enterprises for investment-promotion campaigns by one blocked GEMM with masks.
public enum ChainMatchInfo {
    /// The engine version written into manifests and `--version`.
    public static let version = "0.1.0"
}
