// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DataUnionToken} from "../token/DataUnionToken.sol";

/// Hardhat 3 Solidity tests: a test fails when it reverts.
contract DataUnionTokenTest {
    DataUnionToken private token;
    address private constant ALICE = address(0xA11CE);

    function setUp() public {
        token = new DataUnionToken(address(this), 1_000_000 ether);
    }

    function test_constructor_mintsWholeSupplyToHolder() public view {
        require(token.totalSupply() == 1_000_000 ether, "total supply");
        require(token.balanceOf(address(this)) == 1_000_000 ether, "holder balance");
    }

    function test_constructor_revertsOnZeroHolder() public {
        try new DataUnionToken(address(0), 1) {
            revert("expected ZeroHolder");
        } catch (bytes memory reason) {
            require(bytes4(reason) == DataUnionToken.ZeroHolder.selector, "wrong error");
        }
    }

    function testFuzz_transfer_movesExactAmount(uint256 amount) public {
        amount = amount % (1_000_000 ether + 1);
        require(token.transfer(ALICE, amount), "transfer returned false");
        require(token.balanceOf(ALICE) == amount, "recipient balance");
        require(token.balanceOf(address(this)) == 1_000_000 ether - amount, "sender balance");
    }
}
