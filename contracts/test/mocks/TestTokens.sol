// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// Keeps 1% of every transfer: the market and staking must refuse it.
contract FeeOnTransferToken is ERC20 {
    constructor(address holder) ERC20("Fee", "FEE") {
        _mint(holder, 1e30);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0xdead), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// Calls `target` with `data` from inside every transfer once armed: a reentrancy attempt.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public data;
    bool public reverted;
    bytes public revertData;

    constructor(address holder) ERC20("Reentrant", "RE") {
        _mint(holder, 1e30);
    }

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t != address(0)) {
            target = address(0);
            (bool ok, bytes memory result) = t.call(data);
            // Bubble the guard's error up so the test sees which one it was.
            if (!ok) {
                assembly {
                    revert(add(result, 32), mload(result))
                }
            }
        }
    }
}
