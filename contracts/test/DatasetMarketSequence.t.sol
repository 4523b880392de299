// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DatasetMarket} from "../market/DatasetMarket.sol";
import {DataUnionToken} from "../token/DataUnionToken.sol";
import {TestBase, TestTree} from "./utils/Vm.sol";

/// Fuzzed sequences of publish, purchase, claim, retire and fee changes over several versions,
/// with the market's invariants checked after every step:
///   - claimed + fees + dust held == paid (so claimed + fees + dust <= paid);
///   - no leaf is ever paid beyond shares x revenuePerShare;
///   - claims never exceed what was paid in, per version and in total;
///   - the market's balance is exactly fees + unclaimed + carry of every version.
contract DatasetMarketSequenceTest is TestBase {
    DataUnionToken internal token;
    DatasetMarket internal market;
    address[4] internal owners = [address(0x1001), address(0x1002), address(0x1003), address(0x1004)];

    mapping(uint256 versionId => uint256[4]) internal sharesOf;
    mapping(uint256 versionId => uint256) internal paidTo;
    uint256 internal paidTotal;
    uint256 internal claimedTotal;
    uint256 internal buyers;

    function setUp() public {
        token = new DataUnionToken(address(this), 1e36);
        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = token;
        market = new DatasetMarket(address(this), 0, address(0xFEE), 250, tokens);
        market.grantRole(market.OPERATOR_ROLE(), address(this));
        market.grantRole(market.FEE_MANAGER_ROLE(), address(this));
    }

    function testFuzz_sequence_keepsEveryInvariant(uint256[24] memory steps) public {
        for (uint256 i = 0; i < steps.length; ++i) {
            uint256 step = steps[i];
            uint256 op = step % 5;
            if (op == 0 || market.versionCount() == 0) {
                _publish(step);
            } else if (op == 1 || op == 2) {
                _purchase(step);
            } else if (op == 3) {
                _claim(step);
            } else if (step % 7 == 0) {
                market.setFee(uint16((step >> 8) % 1_001));
            } else {
                _retire(step);
            }

            _checkInvariants();
        }
    }

    function _leaves(uint256 versionId, uint256[4] memory shares) internal view returns (bytes32[4] memory leaves) {
        for (uint256 i = 0; i < 4; ++i) {
            leaves[i] = market.sharesLeaf(versionId, owners[i], shares[i]);
        }
    }

    function _publish(uint256 seed) internal {
        uint256 id = market.versionCount() + 1;
        uint256[4] memory shares;
        uint256 total;
        for (uint256 i = 0; i < 4; ++i) {
            // Zero shares are allowed for some owners; sizes from 1 to 1e15.
            shares[i] = (seed >> (16 * i)) % 3 == 0 ? 0 : uint256(keccak256(abi.encode(seed, i))) % 1e15 + 1;
            total += shares[i];
        }
        if (total == 0) shares[0] = total = 1;
        sharesOf[id] = shares;
        uint256 price = uint256(keccak256(abi.encode(seed, "price"))) % 1e24 + 1;
        market.publishVersion(1, keccak256("images"), TestTree.root4(_leaves(id, shares)), total, price, token, hex"01");
    }

    function _purchase(uint256 seed) internal {
        uint256 id = seed / 5 % market.versionCount() + 1;
        DatasetMarket.Version memory v = market.getVersion(id);
        if (v.retired) return;
        address buyer = address(uint160(0x20000 + ++buyers));
        token.transfer(buyer, v.price);
        vm.startPrank(buyer);
        token.approve(address(market), v.price);
        market.purchase(id, v.price);
        vm.stopPrank();
        paidTo[id] += v.price;
        paidTotal += v.price;
    }

    function _claim(uint256 seed) internal {
        uint256 id = seed / 5 % market.versionCount() + 1;
        uint256 who = (seed >> 32) % 4;
        uint256 shares = sharesOf[id][who];
        if (market.claimable(id, owners[who], shares) == 0) return;
        uint256 before = token.balanceOf(owners[who]);
        uint256 paid = market.claimVersion(id, owners[who], shares, TestTree.proof4(_leaves(id, sharesOf[id]), who));
        assertEq(token.balanceOf(owners[who]) - before, paid, "the account received what was claimed");
        claimedTotal += paid;
    }

    function _retire(uint256 seed) internal {
        uint256 id = seed / 5 % market.versionCount() + 1;
        if (!market.getVersion(id).retired) market.retireVersion(id);
    }

    function _checkInvariants() internal view {
        uint256 dust;
        uint256 claimedSum;
        for (uint256 id = 1; id <= market.versionCount(); ++id) {
            DatasetMarket.Version memory v = market.getVersion(id);
            uint256 claimedHere;
            for (uint256 who = 0; who < 4; ++who) {
                uint256 got = market.claimed(id, owners[who]);
                assertTrue(got <= sharesOf[id][who] * v.revenuePerShare / 1e18, "a leaf was paid beyond its entitlement");
                claimedHere += got;
            }
            assertTrue(claimedHere <= paidTo[id], "a version paid out more than it was paid");
            dust += uint256(v.unclaimed) + v.carry;
            claimedSum += claimedHere;
        }
        uint256 fees = market.feesAccrued(token);
        assertEq(claimedSum, claimedTotal, "claims add up");
        assertEq(claimedSum + fees + dust, paidTotal, "claimed + fees + dust == paid");
        assertEq(token.balanceOf(address(market)), fees + dust, "the market holds exactly fees and dust");
    }
}
