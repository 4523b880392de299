// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LabelerStaking} from "../staking/LabelerStaking.sol";
import {DataUnionToken} from "../token/DataUnionToken.sol";
import {FeeOnTransferToken, ReentrantToken} from "./mocks/TestTokens.sol";
import {TestBase} from "./utils/Vm.sol";

contract LabelerStakingTest is TestBase {
    DataUnionToken internal token;
    LabelerStaking internal staking;
    address internal constant LABELER = address(0x1AB);
    address internal constant TREASURY = address(0x7EA);
    bytes32 internal constant REASON = keccak256("gold accuracy 0.31 over 12 answers");

    function setUp() public {
        token = new DataUnionToken(address(this), 1e30);
        staking = new LabelerStaking(token, 7 days, 5_000, TREASURY, address(this), 0);
        staking.grantRole(staking.SLASHER_ROLE(), address(this));
        token.transfer(LABELER, 1_000 ether);
        vm.prank(LABELER);
        token.approve(address(staking), type(uint256).max);
    }

    function _stake(uint256 amount) internal {
        vm.prank(LABELER);
        staking.stake(amount);
    }

    function test_stake_countsAtOnce() public {
        _stake(100 ether);
        assertEq(staking.activeStakeOf(LABELER), 100 ether, "active");
        assertEq(staking.totalActive(), 100 ether, "total");
        assertEq(token.balanceOf(address(staking)), 100 ether, "held");
    }

    function test_unstake_stopsCountingAndWaitsForTheCooldown() public {
        _stake(100 ether);
        vm.warp(1_000);
        vm.prank(LABELER);
        staking.requestUnstake(40 ether);

        assertEq(staking.activeStakeOf(LABELER), 60 ether, "active drops at once");
        vm.expectRevert(abi.encodeWithSelector(LabelerStaking.CooldownActive.selector, 1_000 + 7 days));
        vm.prank(LABELER);
        staking.withdraw();

        vm.warp(1_000 + 7 days);
        vm.prank(LABELER);
        assertEq(staking.withdraw(), 40 ether, "withdrawn");
        assertEq(token.balanceOf(LABELER), 940 ether, "back with the labeler");
        vm.expectRevert(LabelerStaking.NothingPending.selector);
        vm.prank(LABELER);
        staking.withdraw();
    }

    function test_badInput_revertsWithTheSpecificError() public {
        vm.expectRevert(LabelerStaking.ZeroAmount.selector);
        _stake(0);
        _stake(10 ether);
        vm.expectRevert(abi.encodeWithSelector(LabelerStaking.InsufficientStake.selector, 11 ether, 10 ether));
        vm.prank(LABELER);
        staking.requestUnstake(11 ether);
        vm.expectRevert(LabelerStaking.ZeroAmount.selector);
        vm.prank(LABELER);
        staking.requestUnstake(0);
        vm.expectRevert(LabelerStaking.ZeroAddress.selector);
        new LabelerStaking(IERC20(address(0)), 7 days, 5_000, TREASURY, address(this), 0);
        vm.expectRevert(LabelerStaking.InvalidParameter.selector);
        new LabelerStaking(token, 1, 5_000, TREASURY, address(this), 0);
        vm.expectRevert(LabelerStaking.InvalidParameter.selector);
        new LabelerStaking(token, 7 days, 10_001, TREASURY, address(this), 0);
    }

    function test_slash_takesABoundedFractionAndRecordsTheReason() public {
        _stake(100 ether);
        assertEq(staking.slash(LABELER, 1_000, REASON), 10 ether, "10%");
        assertEq(staking.activeStakeOf(LABELER), 90 ether, "active");
        assertEq(token.balanceOf(TREASURY), 10 ether, "to the treasury");

        vm.expectRevert(abi.encodeWithSelector(LabelerStaking.SlashTooLarge.selector, 5_001, 5_000));
        staking.slash(LABELER, 5_001, REASON);
        vm.expectRevert(LabelerStaking.MissingReason.selector);
        staking.slash(LABELER, 100, bytes32(0));
        vm.expectRevert(LabelerStaking.ZeroAddress.selector);
        staking.slash(address(0), 100, REASON);
        vm.expectRevert(LabelerStaking.ZeroAmount.selector);
        staking.slash(address(0x5EED), 100, REASON);
        bytes32 role = staking.SLASHER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, LABELER, role));
        vm.prank(LABELER);
        staking.slash(LABELER, 100, REASON);
    }

    function test_slash_reachesStakeInCooldown() public {
        _stake(100 ether);
        vm.prank(LABELER);
        staking.requestUnstake(100 ether);
        staking.slash(LABELER, 5_000, REASON);

        LabelerStaking.Stake memory s = staking.stakeOf(LABELER);
        assertEq(s.pending, 50 ether, "half of the pending stake left");
        vm.warp(block.timestamp + 7 days);
        vm.prank(LABELER);
        assertEq(staking.withdraw(), 50 ether, "the rest can leave");
    }

    function test_stake_feeOnTransferToken_isRefused() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(LABELER);
        LabelerStaking other = new LabelerStaking(fot, 7 days, 5_000, TREASURY, address(this), 0);
        vm.startPrank(LABELER);
        fot.approve(address(other), 100 ether);
        vm.expectRevert(abi.encodeWithSelector(LabelerStaking.TransferAmountMismatch.selector, 100 ether, 99 ether));
        other.stake(100 ether);
        vm.stopPrank();
    }

    function test_withdraw_reentrantToken_isStoppedByTheGuard() public {
        ReentrantToken evil = new ReentrantToken(LABELER);
        LabelerStaking other = new LabelerStaking(evil, 1 hours, 5_000, TREASURY, address(this), 0);
        vm.startPrank(LABELER);
        evil.approve(address(other), type(uint256).max);
        other.stake(10 ether);
        other.requestUnstake(10 ether);
        vm.warp(block.timestamp + 1 hours);
        evil.arm(address(other), abi.encodeCall(LabelerStaking.withdraw, ()));
        vm.expectRevert(bytes4(keccak256("ReentrancyGuardReentrantCall()")));
        other.withdraw();
        vm.stopPrank();
    }

    /// Stakes, unstakes and slashes in any order: the contract always holds exactly the sum of
    /// active and pending stake, and the labeler can always take out what was not slashed.
    function testFuzz_stakeUnstakeSlash_conservesTokens(uint96[6] memory amounts, uint16 bps) public {
        uint256 slashed;
        for (uint256 i = 0; i < amounts.length; ++i) {
            uint256 amount = uint256(amounts[i]) % 100 ether + 1;
            if (i % 3 == 0) {
                _stake(amount);
            } else if (i % 3 == 1) {
                uint256 active = staking.activeStakeOf(LABELER);
                if (active > 0) {
                    vm.prank(LABELER);
                    staking.requestUnstake(amount % active + 1);
                }
            } else {
                LabelerStaking.Stake memory before = staking.stakeOf(LABELER);
                uint16 fraction = uint16(uint256(bps) % 5_000 + 1);
                if ((uint256(before.active) + before.pending) * fraction / 10_000 > 0) slashed += staking.slash(LABELER, fraction, REASON);
            }
            LabelerStaking.Stake memory s = staking.stakeOf(LABELER);
            assertEq(token.balanceOf(address(staking)), uint256(s.active) + s.pending, "held == active + pending");
            assertEq(staking.totalActive(), s.active, "total active");
        }
        assertEq(token.balanceOf(TREASURY), slashed, "slashed to the treasury");
    }
}
