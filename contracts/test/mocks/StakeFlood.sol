// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IStake {
    function stake(uint256 amount) external;
}

/// Benchmark helper for the C# event indexer: stakes 1 unit `count` times, so the real
/// LabelerStaking contract emits `count` Staked events in one transaction.
contract StakeFlood {
    function flood(IERC20 token, IStake staking, uint256 count) external {
        token.approve(address(staking), count);
        for (uint256 i; i < count; ++i) {
            staking.stake(1);
        }
    }
}
