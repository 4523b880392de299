using DataUnion.Testing;

namespace DataUnion.Web.Tests.Support;

/// <summary>The browser tests share one Chromium and one Hardhat chain, and run one at a time.</summary>
[CollectionDefinition(HardhatChainCollection.Name)]
public sealed class WebCollection : HardhatChainCollection, ICollectionFixture<BrowserFixture>;
