import ChainMatch
print("chainmatch \(ChainMatchInfo.version)")
