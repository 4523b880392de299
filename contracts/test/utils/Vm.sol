// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// The cheatcodes these tests use, as Hardhat 3's Solidity test runner (EDR) serves them at the
/// conventional address. Declared here because the forge-std on npm is years old.
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function expectRevert() external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 selector) external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
    function assume(bool condition) external pure;
}

/// Base of the Solidity tests: the cheatcodes and a few assertions with messages.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert(string.concat(what, ": expected ", _str(expected), ", got ", _str(actual)));
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    function _str(uint256 value) private pure returns (string memory) {
        if (value == 0) return "0";
        bytes memory digits;
        while (value != 0) {
            digits = abi.encodePacked(bytes1(uint8(48 + (value % 10))), digits);
            value /= 10;
        }
        return string(digits);
    }
}

/// StandardMerkleTree hashing (sorted pairs) over up to four leaves, for tests.
library TestTree {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// Root of four leaves as ((0,1),(2,3)).
    function root4(bytes32[4] memory leaves) internal pure returns (bytes32) {
        return hashPair(hashPair(leaves[0], leaves[1]), hashPair(leaves[2], leaves[3]));
    }

    /// Proof of leaf `index` in `root4(leaves)`.
    function proof4(bytes32[4] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](2);
        proof[0] = leaves[index ^ 1];
        proof[1] = index < 2 ? hashPair(leaves[2], leaves[3]) : hashPair(leaves[0], leaves[1]);
    }
}
