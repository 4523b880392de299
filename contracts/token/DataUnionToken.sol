// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DataUnionToken
/// @notice The payment token of the local chain and the tests: a plain ERC-20 with
///         EIP-2612 permit. Production deployments may use any standard ERC-20 instead.
/// @dev The whole initial supply goes to `holder`; there is no mint function afterwards.
contract DataUnionToken is ERC20, ERC20Permit {
    /// @notice Thrown when the constructor is given the zero address as holder.
    error ZeroHolder();

    /// @param holder Receives the whole initial supply.
    /// @param initialSupply Token units (18 decimals) minted once, at deploy.
    constructor(address holder, uint256 initialSupply) ERC20("DataUnion Token", "DUT") ERC20Permit("DataUnion Token") {
        if (holder == address(0)) revert ZeroHolder();
        _mint(holder, initialSupply);
    }
}
